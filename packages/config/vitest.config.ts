import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("config");
