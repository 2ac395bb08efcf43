import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("client", { servers: true, testTimeout: 600_000 });
