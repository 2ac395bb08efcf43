import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("worker", { servers: true, testTimeout: 60_000 });
