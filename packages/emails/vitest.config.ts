import { defineGovConnectProject } from "@govconnect/testing/vitest";

export default defineGovConnectProject("emails", { testTimeout: 30_000 });
