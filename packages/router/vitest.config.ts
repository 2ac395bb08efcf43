import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("router", { servers: true });
