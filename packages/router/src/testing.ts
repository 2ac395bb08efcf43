import { createAuth } from "@govconnect/auth";
import { authenticatorApp } from "@govconnect/auth/testing";
import { openTestDatabase } from "@govconnect/db/testing";
import { createDashboardMetricsCache } from "@govconnect/domain";
import { createTaskEventBus, createTaskProducer } from "@govconnect/jobs";
import type { Redis } from "@govconnect/redis";
import { createRedis } from "@govconnect/redis";
import { testDatabaseTarget, testRedisUrl } from "@govconnect/testing/inject";
import { pino } from "pino";
import type { AppDeps, Context, ResponseControl } from "./context.ts";
import { createContext } from "./context.ts";
import { createRecentHealth } from "./health.ts";
import { createDashboardFeed } from "./live/dashboard-feed.ts";
import { createLiveStreams } from "./live/stream-registry.ts";
import { createCaller } from "./root.ts";

/** What a test call left in the response: headers and the session cookie. */
export interface RecordedResponse extends ResponseControl {
  readonly headers: Map<string, string>;
  cookie: { token: string; expiresAt: Date } | null;
  device: string | null;
}

export function recordResponse(): RecordedResponse {
  const recorded: RecordedResponse = {
    headers: new Map(),
    cookie: null,
    device: null,
    setHeader: (name, value) => recorded.headers.set(name.toLowerCase(), value),
    setSessionCookie: (token, expiresAt) => {
      recorded.cookie = { token, expiresAt };
    },
    clearSessionCookie: () => {
      recorded.cookie = null;
    },
    setDeviceCookie: (device) => {
      recorded.device = device;
    },
  };
  return recorded;
}

/**
 * Real dependencies for router tests: the run's database (PGlite or PostgreSQL), its Redis, and
 * auth at bcrypt cost 4. `call(token?)` is a caller as a request with that token would get.
 */
export async function openTestDeps(options: { redis?: Redis; keyPrefix?: string } = {}) {
  const database = await openTestDatabase(testDatabaseTarget());
  const redis = options.redis ?? createRedis(testRedisUrl(), "client", "router-test");
  if (!options.redis) await redis.connect();
  const logger = pino({ level: "silent" });
  const keyPrefix = options.keyPrefix ?? `test-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const tasks = createTaskProducer({ db: database.db, redis, prefix: keyPrefix, logger });
  const taskEvents = await createTaskEventBus({ redisUrl: testRedisUrl(), prefix: keyPrefix, logger });
  const dashboard = await createDashboardFeed({
    redisUrl: testRedisUrl(),
    redis,
    prefix: keyPrefix,
    taskEvents,
    logger,
  });
  const deps: AppDeps = {
    database,
    redis,
    logger,
    tasks,
    taskEvents,
    dashboard,
    // The production defaults (LIVE_STREAMS_PER_USER, LIVE_STREAMS_PER_IP); `deps.auth` is read when a check runs.
    liveStreams: createLiveStreams({
      sessions: { activeOf: (jtis) => deps.auth.sessions.activeOf(jtis) },
      limits: { perUser: 10, perIp: 100 },
      logger,
    }),
    metrics: createDashboardMetricsCache(database.db, dashboard),
    health: createRecentHealth({ database, redis, logger }),
    mailTransport: "outbox",
    display: { locale: "en-IN", timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    auth: createAuth({
      redis,
      keyPrefix,
      jwtSecret: "router-tests-secret-router-tests-secret!!",
      bcryptCost: 4,
      sessionIdleSeconds: 1800,
      rateLimit: { points: 1000, ipPoints: 10_000, windowSeconds: 60 },
    }),
  };
  let requests = 0;
  const context = (token?: string, response: ResponseControl = recordResponse()): Promise<Context> =>
    createContext(deps, { requestId: `req-${++requests}`, ip: "127.0.0.1", userAgent: "vitest", token }, response);
  const call = async (token?: string, response?: ResponseControl) => createCaller(await context(token, response));
  const app = authenticatorApp();
  const secrets = new Map<string, string>();
  return {
    deps,
    context,
    call,
    /**
     * Signs in as a person would, with the second factor when the account has one; staff without
     * one set it up on the way (the secret is remembered for their next sign-in). The token.
     */
    async signIn(username: string, password: string): Promise<string> {
      const answer = await (await call()).auth.login({ username, password });
      if ("pending" in answer) {
        const secret = secrets.get(username);
        if (!secret) throw new Error(`${username} has a second factor this helper did not set up`);
        const done = await (await call()).auth.loginSecondFactor({
          pending: answer.pending,
          code: await app.code(secret),
        });
        return done.token;
      }
      if (answer.secondFactorSetupRequired) {
        const restricted = await call(answer.token);
        const { secret } = await restricted.secondFactor.begin();
        secrets.set(username, secret);
        await restricted.secondFactor.confirm({ code: await app.code(secret) });
      }
      return answer.token;
    },
    async close() {
      deps.liveStreams.close();
      await tasks.close();
      await dashboard.close();
      await taskEvents.close();
      if (!options.redis) redis.disconnect();
      await database.close();
    },
  };
}
