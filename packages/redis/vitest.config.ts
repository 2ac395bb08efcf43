import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("redis", { servers: true });
