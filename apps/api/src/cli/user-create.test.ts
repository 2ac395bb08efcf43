import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase, users } from "@govconnect/db";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../..", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "govconnect-cli-"));
const target = testDatabaseTarget();
const databaseEnv: Record<string, string> =
  target.kind === "postgres" ? { DATABASE_URL: target.serverUrl } : { DATA_DIR: dataDir };

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function userCreate(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@govconnect/source", "--import", "tsx", "apps/api/src/cli/user-create.ts", ...args],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", BCRYPT_COST: "4", ...databaseEnv } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("pnpm user:create", () => {
  const username = `admin_${Date.now()}`;
  const args = [
    "--role",
    "admin",
    "--username",
    username,
    "--email",
    `${username}@agency.gov`,
    "--full-name",
    "First Admin",
  ];

  it("creates an admin from the command line, with the password on stdin", async () => {
    const result = await userCreate([...args, "--password-stdin"], "an admin passphrase\n");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Created admin account "${username}"`));

    const database = await createDatabase(
      target.kind === "postgres"
        ? { kind: "postgres", url: target.serverUrl }
        : { kind: "pglite", dataDir: join(dataDir, "pglite") },
    );
    try {
      const [row] = await database.db.select().from(users).where(eq(users.username, username));
      expect(row?.role).toBe("admin");
      expect(row?.passwordHash).toMatch(/^bcrypt-hmac-sha256\$/);
    } finally {
      await database.close();
    }
  });

  it("refuses a taken username and a weak password, in one line each", async () => {
    const taken = await userCreate([...args, "--password-stdin"], "an admin passphrase");
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe("user:create: That username is taken: choose another\n");
    const weak = await userCreate(
      [
        "--role",
        "admin",
        "--username",
        `${username}x`,
        "--email",
        `x${username}@agency.gov`,
        "--full-name",
        "X",
        "--password-stdin",
      ],
      "password1",
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/^user:create: password: This password is one of the most common passwords/);
  });
});
