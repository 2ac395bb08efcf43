import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, users } from "@govconnect/db";
import { runNodeScript } from "@govconnect/testing";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(join(tmpdir(), "govconnect-cli-"));
const target = testDatabaseTarget();
const databaseEnv: Record<string, string> =
  target.kind === "postgres" ? { DATABASE_URL: target.serverUrl } : { DATA_DIR: dataDir };

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const userCreate = (args: string[], stdin: string) =>
  runNodeScript("apps/api/src/cli/user-create.ts", args, {
    env: { NODE_ENV: "test", BCRYPT_COST: "4", ...databaseEnv },
    stdin,
  }).finished;

// Each test starts a Node.js process that opens (on PGlite: creates) a database: a minute is not
// always enough on a busy CI machine running the e2e suite alongside. A safety limit, not a target.
describe("pnpm user:create", { timeout: 180_000 }, () => {
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

  it.runIf(target.kind === "pglite")(
    "while GovConnect has the embedded database open, says why it cannot and offers the dashboard instead",
    async () => {
      // This test process holds the database, as a running `npm start` would.
      const running = await createDatabase({ kind: "pglite", dataDir: join(dataDir, "pglite") });
      try {
        const result = await userCreate(
          ["--role", "admin", "--username", `busy_${Date.now()}`, "--email", "busy@agency.gov", "--full-name", "Busy"],
          "an admin passphrase\n",
        );
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`is open in the running GovConnect (process ${process.pid})`);
        expect(result.stderr).toContain("an administrator invites it under Admin → Users");
        expect(result.stderr.trim().split("\n")).toHaveLength(1);
      } finally {
        await running.close();
      }
    },
  );
});
