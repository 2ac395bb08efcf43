import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.ts";
import { envSchema } from "./env.ts";

const repoFile = (path: string) => readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), "utf8");
const variables = Object.keys(envSchema.shape).sort();

describe("the environment's documentation", () => {
  it(".env.example documents every variable, and nothing else", () => {
    const documented = [...repoFile(".env.example").matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(variables);
  });

  it(".env.example itself is a valid configuration", () => {
    const values = Object.fromEntries(
      [...repoFile(".env.example").matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(() => parseConfig(values)).not.toThrow();
  });

  it("turbo passes every variable through to `dev` and `start`", () => {
    const turbo = JSON.parse(repoFile("turbo.json")) as {
      tasks: Record<string, { passThroughEnv?: string[] }>;
    };
    for (const task of ["dev", "start"]) {
      expect(turbo.tasks[task]?.passThroughEnv).toEqual(expect.arrayContaining(variables));
    }
  });
});
