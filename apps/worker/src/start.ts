import type { Server } from "node:http";
import type { Config } from "@govconnect/config";
import { createDatabase } from "@govconnect/db";
import { assertRedisReady, closeRedis, createRedis, pingRedis } from "@govconnect/redis";
import type { Lifecycle, Logger } from "@govconnect/runtime";
import { startGovConnectWorkers } from "@govconnect/task-runtime";
import { startHealthServer } from "./health-server.ts";

const succeeds = (probe: () => Promise<void>) =>
  probe().then(
    () => true,
    () => false,
  );

/** Opens Redis and the database, starts the BullMQ workers, then the health server. */
export async function startWorker(config: Config, logger: Logger, lifecycle: Lifecycle): Promise<Server> {
  await assertRedisReady(config.redis.url);
  const database = await createDatabase(config.database, (error) =>
    logger.warn({ err: error }, "database connection error"),
  );
  lifecycle.onShutdown("database", () => database.close());

  const redis = createRedis(config.redis.url, "client", "worker-health");
  redis.on("error", () => undefined); // readiness reports it
  await redis.connect();
  lifecycle.onShutdown("redis", () => closeRedis(redis));

  const workers = await startGovConnectWorkers(config, database.db, logger);
  lifecycle.onShutdown("workers", () => workers.close());

  const server = await startHealthServer(
    config.http.host,
    config.worker.healthPort,
    async () => ({
      redis: await succeeds(() => pingRedis(redis)),
      database: await succeeds(() => database.ping(1_000)),
      workers: workers.isRunning(),
    }),
    workers.prometheus,
  );
  lifecycle.onShutdown("health server", () => new Promise((resolve) => server.close(() => resolve())));
  logger.info({ host: config.http.host, port: config.worker.healthPort }, "worker health server listening");
  return server;
}
