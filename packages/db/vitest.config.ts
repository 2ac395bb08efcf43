import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("db", { servers: true });
