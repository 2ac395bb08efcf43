import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultServerConditions } from "vite";
import type { ViteUserConfig } from "vitest/config";
import { defineProject } from "vitest/config";

/** Workspace packages export their TypeScript source under this condition; tests run the source. */
export const SOURCE_CONDITION = "@govconnect/source";

export interface ProjectOptions {
  /** Start Redis (and PostgreSQL for `TEST_DATABASE=postgres`) for the run. */
  readonly servers?: boolean;
  /** Longest a single test (and, past a minute, a hook) may take; integration tests that start processes need more. */
  readonly testTimeout?: number;
  /**
   * Run the files one at a time (default: in parallel). For suites whose every file starts a
   * whole product and loads the machine: in parallel they would measure each other.
   */
  readonly sequential?: boolean;
}

/** `npm test` collects each run's JSON report to print one closing line for the whole suite. */
function reporting(name: string) {
  const dir = process.env.GOVCONNECT_TEST_REPORT_DIR;
  if (!dir) return {};
  const database = process.env.TEST_DATABASE === "postgres" ? "postgres" : "pglite";
  return { reporters: ["default", "json"], outputFile: { json: join(dir, `${name}-${database}.json`) } };
}

/** The Vitest project every GovConnect package uses, so all suites resolve and time out alike. */
export function defineGovConnectProject(name: string, options: ProjectOptions = {}): ViteUserConfig {
  return defineProject({
    resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] },
    ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
    test: {
      name,
      environment: "node",
      testTimeout: options.testTimeout ?? 20_000,
      // A suite whose tests need long also starts long (a whole product, seeded, beside other files' products).
      hookTimeout: Math.max(60_000, options.testTimeout ?? 0),
      ...(options.sequential ? { fileParallelism: false } : {}),
      globalSetup: options.servers ? [fileURLToPath(new URL("./global-setup.ts", import.meta.url))] : [],
      ...reporting(name),
    },
  });
}
