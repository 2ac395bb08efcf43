import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("e2e", { servers: true, testTimeout: 120_000 });
