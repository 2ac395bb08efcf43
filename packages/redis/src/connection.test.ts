import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeRedisUrl, RedisUrlError, redisConnectionOptions, scrubSecrets } from "./connection.ts";
import { createRedis } from "./redis.ts";

const dir = mkdtempSync(join(tmpdir(), "govconnect-redis-url-"));
const caFile = join(dir, "ca.pem");
writeFileSync(caFile, "-----BEGIN CERTIFICATE-----\nnot really one\n-----END CERTIFICATE-----\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problem = (url: string) => {
  try {
    redisConnectionOptions(url);
  } catch (error) {
    expect(error).toBeInstanceOf(RedisUrlError);
    return (error as Error).message;
  }
  throw new Error(`${url} was accepted`);
};

describe("redisConnectionOptions", () => {
  it("reads host, port and database; no credentials and no TLS for a bare redis:// URL", () => {
    expect(redisConnectionOptions("redis://127.0.0.1:6379")).toEqual({ host: "127.0.0.1", port: 6379, db: 0 });
    expect(redisConnectionOptions("redis://redis.internal/3")).toEqual({ host: "redis.internal", port: 6379, db: 3 });
    expect(redisConnectionOptions("redis://[::1]:6380/")).toEqual({ host: "::1", port: 6380, db: 0 });
  });

  it("takes an ACL user and password, percent-decoded, or a password alone for the default user", () => {
    expect(redisConnectionOptions("redis://app:s%40cr%2Ft%3A1@127.0.0.1:6379/2")).toEqual({
      host: "127.0.0.1",
      port: 6379,
      db: 2,
      username: "app",
      password: "s@cr/t:1",
    });
    const passwordOnly = redisConnectionOptions("redis://:only-pw@127.0.0.1:6379");
    expect(passwordOnly.password).toBe("only-pw");
    expect(passwordOnly).not.toHaveProperty("username");
  });

  it("turns rediss:// into TLS that verifies the certificate and the host name", () => {
    const byName = redisConnectionOptions("rediss://app:pw@redis.internal:6380");
    expect(byName.tls).toEqual({ rejectUnauthorized: true, servername: "redis.internal" });
    // An address is checked as itself: no SNI (RFC 6066 forbids an IP there).
    expect(redisConnectionOptions("rediss://app:pw@10.0.0.5:6380").tls).toEqual({ rejectUnauthorized: true });
    expect(redisConnectionOptions("redis://app:pw@redis.internal:6380").tls).toBeUndefined();
  });

  it("trusts the CA file named by tls_ca_file, and only over TLS", () => {
    const options = redisConnectionOptions(`rediss://app:pw@localhost:6380?tls_ca_file=${encodeURIComponent(caFile)}`);
    expect(options.tls?.rejectUnauthorized).toBe(true);
    expect(String(options.tls?.ca)).toContain("not really one");
    expect(problem(`redis://app:pw@localhost:6380?tls_ca_file=${caFile}`)).toContain("write rediss://");
  });

  it("says what is wrong, in one line without the password", () => {
    const messages = [
      problem(`rediss://app:hunter2@localhost:6380?tls_ca_file=${join(dir, "missing.pem")}`),
      problem("redis://app:hunter2@localhost:6380?family=6"),
      problem("redis://app:hunter2@localhost:6380/queues"),
      problem("http://app:hunter2@localhost:6380"),
      problem("redis://app@localhost:6380"),
    ];
    expect(messages[0]).toMatch(/CA file .*missing\.pem .*cannot be read \(ENOENT\)/);
    expect(messages[1]).toContain("family");
    expect(messages[2]).toContain("database number");
    expect(messages[3]).toContain("redis:// or rediss://");
    expect(messages[4]).toContain("without a password");
    for (const message of messages) {
      expect(message).not.toContain("hunter2");
      expect(message).not.toContain("\n");
    }
  });

  it("is what createRedis connects with (and duplicates keep it)", () => {
    const redis = createRedis(`rediss://app:pw@localhost:6380/1?tls_ca_file=${caFile}`, "worker", "url-test");
    const copy = redis.duplicate();
    for (const connection of [redis, copy]) {
      expect(connection.options).toMatchObject({
        host: "localhost",
        port: 6380,
        db: 1,
        username: "app",
        password: "pw",
      });
      expect(connection.options.tls).toMatchObject({ rejectUnauthorized: true, servername: "localhost" });
      expect(connection.options.maxRetriesPerRequest).toBeNull();
    }
    redis.disconnect();
    copy.disconnect();
  });
});

describe("describeRedisUrl and scrubSecrets", () => {
  it("hide the password, raw or percent-encoded, and drop the query", () => {
    const url = `rediss://app:p%40ss@localhost:6380/0?tls_ca_file=${caFile}`;
    expect(describeRedisUrl(url)).toBe("rediss://app:***@localhost:6380/0");
    expect(scrubSecrets("AUTH app p@ss failed; p%40ss", url)).toBe("AUTH app *** failed; ***");
  });
});
