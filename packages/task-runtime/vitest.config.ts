import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("task-runtime", { servers: true });
