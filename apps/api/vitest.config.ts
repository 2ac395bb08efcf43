import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("api", { servers: true, testTimeout: 60_000 });
