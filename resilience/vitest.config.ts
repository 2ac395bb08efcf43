import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("resilience", { servers: true, testTimeout: 300_000 });
