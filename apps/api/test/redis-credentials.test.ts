import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertRedisReady, closeRedis, createRedis, RedisUnavailableError } from "@govconnect/redis";
import { freePort, runNodeScript } from "@govconnect/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInAccount } from "../src/testing/accounts.ts";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import { http } from "../src/testing/http.ts";
import { openEventStream } from "../src/testing/sse.ts";
import { finishedTask } from "./support/tasks.ts";

// I4: every Redis connection (API, workers, BullMQ, pub/sub, rate limits, sessions) authenticates
// as an ACL user over TLS, with the server's certificate verified against the CA we name. The
// server here has no plain port and its `default` user is off, so a connection that skipped TLS
// or credentials could not have done anything at all.

const dir = mkdtempSync(join(tmpdir(), "govconnect-redis-tls-"));
const file = (name: string) => join(dir, name);

/** Does this redis-server know `tls-port`? (Debian builds it with TLS; a build without says "Bad directive".) */
function redisHasTls(): boolean {
  writeFileSync(file("probe.conf"), "port 0\ntls-port 0\n");
  const probe = spawnSync("redis-server", [file("probe.conf")], { encoding: "utf8", timeout: 10_000 });
  return !`${probe.stdout}${probe.stderr}`.includes("Bad directive");
}
const tls = redisHasTls();

/** A CA, and a server certificate for localhost and 127.0.0.1 that it signs. */
function certificateAuthority(name: string): { ca: string; cert: string; key: string } {
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  const [ca, caKey, cert, key, csr, ext] = [
    "ca.pem",
    "ca.key",
    "server.pem",
    "server.key",
    "server.csr",
    "ext.cnf",
  ].map((suffix) => file(`${name}-${suffix}`)) as [string, string, string, string, string, string];
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    `/CN=${name} CA`,
    "-keyout",
    caKey,
    "-out",
    ca,
  );
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", key, "-out", csr);
  writeFileSync(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  openssl(
    "x509",
    "-req",
    "-in",
    csr,
    "-CA",
    ca,
    "-CAkey",
    caKey,
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    ext,
    "-out",
    cert,
  );
  return { ca, cert, key };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.connect(port, "127.0.0.1");
  });
}

interface TlsRedis {
  readonly port: number;
  stop(): Promise<void>;
}

/** redis-server on 127.0.0.1 with TLS only (`port 0`), user `app` with `password`, `default` off. */
async function startTlsRedis(name: string, cert: { cert: string; key: string; ca: string }, password: string) {
  const port = await freePort();
  const data = file(`${name}-data`);
  mkdirSync(data, { recursive: true });
  const config = file(`${name}.conf`);
  writeFileSync(
    config,
    [
      "port 0",
      `tls-port ${port}`,
      "bind 127.0.0.1",
      `tls-cert-file ${cert.cert}`,
      `tls-key-file ${cert.key}`,
      `tls-ca-cert-file ${cert.ca}`,
      "tls-auth-clients no",
      "user default off",
      `user app on >${password} ~* &* +@all`,
      `dir ${data}`,
      'save ""',
      "appendonly no",
      "maxmemory-policy noeviction",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  const child: ChildProcess = spawn("redis-server", [config], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  for (let waited = 0; !(await canConnect(port)); waited += 50) {
    if (child.exitCode !== null || waited > 20_000) {
      await stop();
      throw new Error(`redis-server (${name}) did not start on ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, stop } satisfies TlsRedis;
}

// Characters that must be percent-encoded in a URL, to show the password is decoded, not mangled.
const password = `p@ss/${randomBytes(12).toString("hex")}:%`;
const servers: TlsRedis[] = [];
let trusted: { ca: string; cert: string; key: string };
let stranger: { ca: string; cert: string; key: string };
let redis: TlsRedis;
const urlFor = (port: number, secret: string, ca?: string) =>
  `rediss://app:${encodeURIComponent(secret)}@127.0.0.1:${port}${ca ? `?tls_ca_file=${encodeURIComponent(ca)}` : ""}`;

beforeAll(async () => {
  if (!tls) return;
  trusted = certificateAuthority("trusted");
  stranger = certificateAuthority("stranger");
  redis = await startTlsRedis("main", trusted, password);
  servers.push(redis);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  rmSync(dir, { recursive: true, force: true });
});

const title = tls
  ? "Redis credentials and TLS"
  : "Redis credentials and TLS — skipped: this redis-server was built without TLS (it does not know tls-port)";

describe.skipIf(!tls)(title, () => {
  it("I4: every connection authenticates with an ACL user and password over TLS with a verified CA", {
    timeout: 90_000,
  }, async () => {
    const url = urlFor(redis.port, password, trusted.ca);
    let api: TestApi | undefined;
    const admin = createRedis(url, "client", "i4-admin");
    try {
      api = await startTestApi({
        REDIS_URL: url,
        RUN_WORKER: "true",
        QUEUE_PREFIX: `i4${Date.now()}`,
        RATE_LIMIT_POINTS: "100",
      });
      const running = api;

      // Sign-in: sessions and the login throttle live in Redis.
      const user = await signedInAccount(running, "user");
      const stream = await openEventStream(`${running.url}/trpc/tasks.onStatus`, {
        authorization: `Bearer ${user.token}`,
      });
      expect(stream.status).toBe(200);
      const deadline = Date.now() + 20_000;
      while (!stream.events.some((e) => e.event === "connected")) {
        if (Date.now() > deadline) throw new Error("the live stream did not connect");
        await new Promise((r) => setTimeout(r, 50));
      }

      // A task: queued by the API (BullMQ producer), run by the worker (BullMQ Worker and its
      // blocking connection), its status published (pub/sub) and streamed to the owner.
      const submit = await http(running.url, "POST", "/api/tasks/submit", {
        token: user.token,
        body: { taskType: "user_registration", data: { userId: user.id } },
      });
      expect(submit.status).toBe(202);
      const { taskId } = submit.body as { taskId: string };
      expect((await finishedTask(running, taskId, user.token)).status).toBe("processed");
      const streamed = () =>
        stream
          .data<{ taskId: string; status: string }>()
          .filter((e) => e.taskId === taskId)
          .map((e) => e.status);
      // The stream may hear "processed" a moment after the task's row says so.
      const streamDeadline = Date.now() + 20_000;
      while (!streamed().includes("processed")) {
        if (Date.now() > streamDeadline) throw new Error(`the stream saw only ${JSON.stringify(stream.events)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(streamed()).toEqual(["queued", "processing", "processed"]);
      await stream.close();

      // The shared rate limit (atomic in Redis): the 101st anonymous request from one IP is refused.
      const from = "127.0.0.44";
      for (let i = 0; i < 100; i++) {
        expect((await http(running.url, "GET", "/api/auth/verify", { from })).status).toBe(401);
      }
      const refused = await http(running.url, "GET", "/api/auth/verify", { from });
      expect(refused.status).toBe(429);

      // Every connection the API and its worker hold is the `app` user's (and, there being no
      // plain port, a TLS one): the API's, the worker's and BullMQ's, and both subscriptions.
      await admin.connect();
      const clients = String(await admin.client("LIST"))
        .trim()
        .split("\n")
        .map((line) => Object.fromEntries(line.split(" ").map((field) => field.split("=", 2))));
      const names = clients.map((client) => client.name as string);
      expect(names).toEqual(
        expect.arrayContaining([
          "govconnect:api",
          "govconnect:worker",
          "govconnect:task-events",
          expect.stringMatching(/^govconnect:/),
        ]),
      );
      expect(clients.filter((client) => Number(client.sub) > 0).length).toBeGreaterThanOrEqual(2);
      expect(clients.every((client) => client.user === "app")).toBe(true);
    } finally {
      await closeRedis(admin);
      await api?.stop();
    }
  });

  it("a wrong password stops the start with one line that names the fix and never the password", async () => {
    const wrong = `not-${password}`;
    const error = await startTestApi({ REDIS_URL: urlFor(redis.port, wrong, trusted.ca) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^Redis at rediss:\/\/app:\*\*\*@127\.0\.0\.1:\d+ refused the credentials \(WRONGPASS .*\): check the user and password in REDIS_URL/,
    );
    expect(message).not.toContain("\n");
    for (const secret of [wrong, encodeURIComponent(wrong), password, encodeURIComponent(password)]) {
      expect(message).not.toContain(secret);
    }

    // The real process: exit 1, that one line on stderr, and the password in none of its output.
    const exit = await runNodeScript("apps/api/src/main.ts", [], {
      env: {
        HOME: process.env.HOME ?? "",
        NODE_ENV: "test",
        LOG_LEVEL: "debug",
        DATA_DIR: file("process-data"),
        REDIS_URL: urlFor(redis.port, wrong, trusted.ca),
      },
    }).finished;
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim().split("\n")).toHaveLength(1);
    expect(exit.stderr).toContain("refused the credentials");
    for (const secret of [wrong, encodeURIComponent(wrong)]) {
      expect(exit.stdout + exit.stderr).not.toContain(secret);
    }
  });

  it("refuses a server whose certificate another CA signed: verification is on", async () => {
    const impostor = await startTlsRedis("impostor", stranger, password);
    servers.push(impostor);
    for (const url of [urlFor(impostor.port, password, trusted.ca), urlFor(redis.port, password)]) {
      // The impostor's certificate is not from the CA we trust; without tls_ca_file, the system's
      // CAs do not know ours either.
      const error = await assertRedisReady(url, 5_000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisUnavailableError);
      const message = (error as Error).message;
      expect(message).toMatch(
        /^Redis at rediss:\/\/app:\*\*\*@127\.0\.0\.1:\d+ presented a TLS certificate that could not be verified/,
      );
      expect(message).toContain("tls_ca_file");
      expect(message).not.toContain(encodeURIComponent(password));
    }
    // And it is the certificate that was refused: trusting that CA, the same server is fine.
    await expect(assertRedisReady(urlFor(impostor.port, password, stranger.ca))).resolves.toBeUndefined();
  });
});
