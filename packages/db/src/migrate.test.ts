import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { afterAll, describe, expect, it } from "vitest";
import type { Database } from "./client.ts";
import { createDatabase } from "./client.ts";
import { DataDirInUseError } from "./data-dir-lock.ts";
import { users } from "./schema.ts";
import { appliedMigrationCount, openTestDatabase } from "./testing.ts";

const target = testDatabaseTarget();

const appliedMigrations = (handle: { db: Database }) => appliedMigrationCount(handle.db);

describe(`migrations on ${target.kind}`, () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterAll(() => Promise.all(opened.map((h) => h.close())));

  it("creates the schema on an empty database", async () => {
    const handle = await openTestDatabase(target);
    opened.push(handle);
    expect(await appliedMigrations(handle)).toBeGreaterThan(0);
    const [created] = await handle.db
      .insert(users)
      .values({ username: "ada", email: "ada@example.gov", fullName: "Ada Lovelace", passwordHash: "x" })
      .returning();
    expect(created?.role).toBe("user");
  });

  it("changes nothing on an up-to-date database", async () => {
    if (target.kind !== "postgres") {
      // PGlite persists to disk: open the same directory twice.
      const dir = mkdtempSync(join(tmpdir(), "govconnect-pglite-"));
      try {
        const first = await createDatabase({ kind: "pglite", dataDir: dir });
        await first.db
          .insert(users)
          .values({ username: "kept", email: "kept@example.gov", fullName: "K", passwordHash: "x" });
        const before = await appliedMigrations(first);
        expect(before).toBeGreaterThan(0);
        await first.close();
        const second = await createDatabase({ kind: "pglite", dataDir: dir });
        expect(await appliedMigrations(second)).toBe(before);
        expect(await second.db.select({ username: users.username }).from(users)).toEqual([{ username: "kept" }]);
        await second.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return;
    }
    const handle = await openTestDatabase(target);
    opened.push(handle);
    const url = handle.url;
    if (!url) throw new Error("a PostgreSQL test database has a URL");
    await handle.db
      .insert(users)
      .values({ username: "kept", email: "kept@example.gov", fullName: "K", passwordHash: "x" });
    const before = await appliedMigrations(handle);
    // API and worker start together and both migrate: they must not trip over each other.
    const again = await Promise.all([1, 2, 3].map(() => createDatabase({ kind: "postgres", url, poolSize: 2 })));
    opened.push(...again);
    expect(await appliedMigrations(handle)).toBe(before);
    expect(await handle.db.select({ username: users.username }).from(users)).toEqual([{ username: "kept" }]);
  });

  it("enforces case-insensitive unique usernames and emails", async () => {
    const handle = await openTestDatabase(target);
    opened.push(handle);
    await handle.db
      .insert(users)
      .values({ username: "Grace", email: "g@example.gov", fullName: "G", passwordHash: "x" });
    await expect(
      handle.db
        .insert(users)
        .values({ username: "grace", email: "other@example.gov", fullName: "G", passwordHash: "x" }),
    ).rejects.toThrow();
  });
});

describe.runIf(target.kind === "pglite")("the embedded data directory", () => {
  it("refuses a second open while the first is live, and reopens after close", async () => {
    const dir = mkdtempSync(join(tmpdir(), "govconnect-pglite-"));
    try {
      const first = await createDatabase({ kind: "pglite", dataDir: dir });
      await expect(createDatabase({ kind: "pglite", dataDir: dir })).rejects.toBeInstanceOf(DataDirInUseError);
      await first.close();
      const reopened = await createDatabase({ kind: "pglite", dataDir: dir });
      await reopened.ping();
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
