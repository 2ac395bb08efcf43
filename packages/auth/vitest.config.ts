import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("auth", { servers: true });
