import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestAccount, TestApi } from "@govconnect/api/testing";
import { signedInAccount, startTestApi } from "@govconnect/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodePlatformPackage } from "../../../scripts/toolchain.mjs";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
/** Other teams upgrade later than we do: the consumer program runs on each of these Node.js lines. */
const CONSUMER_NODES = ["20", "22", "24"];
const suiteNode = process.versions.node.split(".")[0] ?? "";
/** The lines to fetch from the registry: all but the one this suite already runs on. */
const fetchedNodes = CONSUMER_NODES.filter((major) => major !== suiteNode);

/** Runs a command, with its output in the error when it fails. */
async function sh(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    return await run(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${failed.stdout ?? ""}\n${failed.stderr ?? failed.message}`);
  }
}

describe("@govconnect/client as another team installs it", () => {
  let api: TestApi;
  let account: TestAccount;
  let project: string;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `client${Date.now()}`, RUN_WORKER: "true" });
    account = await signedInAccount(api);
    // Outside the workspace: nothing of this repository can be found from there.
    project = mkdtempSync(join(tmpdir(), "govconnect-consumer-"));
    await sh("pnpm", ["pack", "--pack-destination", project], packageDir);
    const tarball = readdirSync(project).find((name) => name.endsWith(".tgz"));
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "consumer",
        private: true,
        type: "module",
        dependencies: { "@govconnect/client": `file:./${tarball}` },
      }),
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          // As most projects have it (tRPC's own declarations do not check without @types/ws). Ours
          // are still proven: if they did not resolve, every call would be `any` and the ts-
          // expect-error directive in the program would be unused — a compile error.
          skipLibCheck: true,
          noEmitOnError: true,
          outDir: "out",
          types: ["node"],
        },
        files: ["consumer.ts"],
      }),
    );
    await sh("cp", [join(packageDir, "consumer", "consumer.ts"), project], packageDir);
    await sh(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        "typescript@5.9.3",
        "@types/node@20",
        "@types/ws",
        // The release binaries, as the npm registry serves them (no install scripts run).
        ...fetchedNodes.map((major) => `node${major}@npm:${nodePlatformPackage()}@${major}`),
      ],
      project,
    );
    // Two Node.js binaries (about 50 MB each) come from the registry: a cold cache needs the time.
  }, 300_000);
  afterAll(async () => {
    await api?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("ships ESM and declarations only, with npm dependencies only", async () => {
    const { stdout } = await sh("tar", ["-tzf", readdirSync(project).find((n) => n.endsWith(".tgz")) ?? ""], project);
    const files = stdout.trim().split("\n").sort();
    expect(files).toEqual(
      expect.arrayContaining([
        "package/CHANGELOG.md",
        "package/dist/index.d.ts",
        "package/dist/index.js",
        "package/package.json",
      ]),
    );
    expect(files.some((f) => f.startsWith("package/src/"))).toBe(false);
    const manifest = JSON.parse(
      (
        await sh(
          "tar",
          ["-xzOf", readdirSync(project).find((n) => n.endsWith(".tgz")) ?? "", "package/package.json"],
          project,
        )
      ).stdout,
    ) as {
      version: string;
      dependencies: Record<string, string>;
      devDependencies?: unknown;
    };
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["@trpc/client", "@trpc/server", "eventsource", "zod"]);
    expect(JSON.stringify(manifest.dependencies)).not.toMatch(/workspace:|catalog:/);
  });

  it("type-checks a consumer program (a wrong input type fails to compile, as @ts-expect-error asserts)", async () => {
    await sh(join(project, "node_modules", ".bin", "tsc"), ["-p", "."], project);
  });

  it("runs that program against the live API on Node 20, 22 and 24", async () => {
    const env = { GOVCONNECT_URL: api.url, GOVCONNECT_TOKEN: account.token };
    const outputs: Array<Record<string, unknown>> = [];
    for (const major of CONSUMER_NODES) {
      const node =
        major === suiteNode ? process.execPath : join(project, "node_modules", `node${major}`, "bin", "node");
      const { stdout } = await sh(node, ["out/consumer.js"], project, env);
      outputs.push(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>);
    }
    expect(outputs.map((o) => String(o.node).split(".")[0])).toEqual(CONSUMER_NODES.map((major) => `v${major}`));
    for (const output of outputs) {
      expect(output).toMatchObject({
        service: "GovConnect Backend",
        username: account.username,
        refused: "priority",
        payloadOk: true,
        payloadBad: false,
      });
      expect(output.statuses).toEqual(expect.arrayContaining(["processed"]));
    }
  });
});
