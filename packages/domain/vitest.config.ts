import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("domain", { servers: true });
