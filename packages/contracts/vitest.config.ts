import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("contracts");
