import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MINIMUM_NODE_VERSION, unsupportedNodeReason } from "./node-version.ts";

describe("unsupportedNodeReason", () => {
  it("refuses Node.js older than the minimum, in one line that names both versions and the fix", () => {
    const reason = unsupportedNodeReason("20.20.2");
    expect(reason).toContain("22.12.0 or newer");
    expect(reason).toContain("this is 20.20.2");
    expect(reason).toContain("scripts/govconnect.mjs env");
    expect(reason).not.toContain("\n");
    expect(unsupportedNodeReason("22.11.9")).toBeDefined();
  });

  it("accepts the minimum and anything newer", () => {
    for (const version of ["22.12.0", "22.23.3", "24.0.0", "v24.22.3", "26.1.0"]) {
      expect(unsupportedNodeReason(version)).toBeUndefined();
    }
  });

  it("says what the root package.json's engines.node says", () => {
    const manifest = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      engines: { node: string };
    };
    expect(`${manifest.engines.node.replace(/^>=/, "")}.0`).toBe(MINIMUM_NODE_VERSION);
  });

  it("holds for the Node.js these tests run on", () => {
    expect(unsupportedNodeReason()).toBeUndefined();
  });
});
