import type { Auth } from "@govconnect/auth";
import { createAuth, resolveJwtSecret } from "@govconnect/auth";
import type { Config } from "@govconnect/config";
import { ACCOUNT_PAGES, accountLink } from "@govconnect/contracts";
import type { DatabaseHandle } from "@govconnect/db";
import { createDatabase } from "@govconnect/db";
import { createDashboardMetricsCache, setupNeeded } from "@govconnect/domain";
import { createTaskEventBus, createTaskProducer } from "@govconnect/jobs";
import { assertRedisReady, closeRedis, createRedis } from "@govconnect/redis";
import { createDashboardFeed, createLiveStreams, createRecentHealth } from "@govconnect/router";
import type { Lifecycle, Logger } from "@govconnect/runtime";
import { startGovConnectWorkers } from "@govconnect/task-runtime";
import type { FastifyInstance } from "fastify";
import { DEFAULT_DASHBOARD_DIST } from "./routes/spa.ts";
import { buildApi } from "./server/app.ts";

/** The port is taken or not ours to bind; one line says which and what to do. */
export class ListenError extends Error {
  override readonly name = "ListenError";
  readonly expose = true;
}

/**
 * Opens everything the API needs, in order — Redis check, database (migrated), Redis client,
 * in-process workers when configured, HTTP server — registering each for shutdown as it opens.
 */
export async function startApi(
  config: Config,
  logger: Logger,
  lifecycle: Lifecycle,
): Promise<{ app: FastifyInstance; database: DatabaseHandle }> {
  await assertRedisReady(config.redis.url);

  const database = await createDatabase(config.database, (error) =>
    logger.warn({ err: error }, "database connection error"),
  );
  lifecycle.onShutdown("database", () => database.close());
  logger.info({ kind: database.kind }, "database ready");

  const redis = createRedis(config.redis.url, "client", "api");
  redis.on("error", (error) => logger.warn({ err: error }, "Redis connection error"));
  await redis.connect();
  lifecycle.onShutdown("redis", () => closeRedis(redis));

  if (config.worker.runInApi) {
    const workers = await startGovConnectWorkers(config, database.db, logger.child({ component: "worker" }));
    lifecycle.onShutdown("workers", () => workers.close());
  }
  const tasks = createTaskProducer({ db: database.db, redis, prefix: config.redis.queuePrefix, logger });
  lifecycle.onShutdown("task queue", () => tasks.close());
  const taskEvents = await createTaskEventBus({ redisUrl: config.redis.url, prefix: config.redis.queuePrefix, logger });
  lifecycle.onShutdown("task events", () => taskEvents.close());
  const dashboard = await createDashboardFeed({
    redisUrl: config.redis.url,
    redis,
    prefix: config.redis.queuePrefix,
    taskEvents,
    logger,
  });
  lifecycle.onShutdown("dashboard feed", () => dashboard.close());

  const { secret, generated } = resolveJwtSecret(config.auth.jwtSecret, config.dataDir);
  if (generated)
    logger.warn({ file: `${config.dataDir}/jwt-secret` }, "no JWT_SECRET set: generated a development secret");
  const auth = createAuth({
    redis,
    keyPrefix: config.redis.queuePrefix,
    jwtSecret: secret,
    secondFactorKey: config.auth.secondFactorKey,
    bcryptCost: config.auth.bcryptCost,
    sessionIdleSeconds: config.auth.sessionIdleSeconds,
    rateLimit: config.auth.rateLimit,
  });
  // One per process: caps the live streams per account and per address, and checks all their
  // sessions with one timer (unref'ed, and stopped while no stream is open).
  const liveStreams = createLiveStreams({ sessions: auth.sessions, limits: config.liveStreams, logger });
  lifecycle.onShutdown("live streams", async () => liveStreams.close());

  const app = await buildApi(
    {
      database,
      redis,
      logger,
      auth,
      tasks,
      taskEvents,
      dashboard,
      liveStreams,
      metrics: createDashboardMetricsCache(database.db, dashboard),
      health: createRecentHealth({ database, redis, logger }),
      mailTransport: config.mail.transport,
      display: config.display,
    },
    {
      production: config.env === "production",
      trustProxy: config.http.trustProxy,
      corsOrigins: config.http.corsOrigins,
      dashboardDist: config.http.dashboardDist ?? DEFAULT_DASHBOARD_DIST,
      queuePrefix: config.redis.queuePrefix,
      requestTimeoutMs: config.http.requestTimeoutMs,
    },
  );
  lifecycle.onShutdown("http server", () => app.close());
  try {
    await app.listen({ host: config.http.host, port: config.http.port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES") {
      throw new ListenError(
        `Cannot listen on ${config.http.host}:${config.http.port} (${code === "EADDRINUSE" ? "the port is in use" : "permission denied"}). ` +
          "Stop the other process or set PORT (and HOST) to a free address.",
      );
    }
    throw error;
  }
  await announceSetup(database, auth, config, logger);
  return { app, database };
}

/**
 * A fresh install has no administrator: this start's setup code is printed (and only printed), so
 * only whoever can read the server's output can create the first admin from the dashboard.
 */
async function announceSetup(database: DatabaseHandle, auth: Auth, config: Config, logger: Logger): Promise<void> {
  if (!(await setupNeeded(database.db))) return;
  const code = await auth.setupCodes.issue();
  const url = accountLink(config.mail.publicUrl, ACCOUNT_PAGES.setup);
  logger.warn(
    { setupUrl: url },
    `No administrator yet. Open ${url} and enter the setup code ${code} to create the administrator account ` +
      "(or use pnpm user:create --role admin; with the embedded database, while the service is stopped).",
  );
}
