import { defineGovConnectProject } from "@govconnect/testing/vitest";

// Each file starts processes and servers of its own and measures what they do under load and
// faults: one file at a time, so they do not measure each other.
export default defineGovConnectProject("resilience", { servers: true, testTimeout: 300_000, sequential: true });
