// The physical baseline: bare Fastify answering the same JSON bodies the product answers, with no
// auth, validation, rate limit or database. The product's throughput is reported as a ratio to it.
// A second server on SECURED_PORT adds exactly the product's HTTP layer (request ids, helmet's
// security headers, CORS, cookies: `registerHttpLayer`), to tell that layer's cost from the routes'.
// It also serves `/bare/authed`: an authenticated, rate-limited read done with the raw libraries —
// JWT verify, the session's GETEX, a rate-limit consume, one row from PostgreSQL — the least any
// such query costs on this machine, to tell that from tRPC's and our code's share.
import { createSecretKey } from "node:crypto";
import { registerHttpLayer, requestIdOf } from "@govconnect/api";
import type { FastifyInstance } from "fastify";
import Fastify from "fastify";
import { Redis } from "ioredis";
import jwt from "jsonwebtoken";
import pg from "pg";
import { RateLimiterRedis } from "rate-limiter-flexible";

const bodies = {
  "/api/health": process.env.BASELINE_HEALTH_BODY ?? "{}",
  "/bare/me": process.env.BASELINE_ME_BODY ?? "{}",
  "/bare/metrics": process.env.BASELINE_METRICS_BODY ?? "{}",
};

function routes(app: FastifyInstance): void {
  for (const [path, body] of Object.entries(bodies)) {
    app.get(path, (_request, reply) => reply.type("application/json").send(body));
  }
}

const bare = Fastify({ logger: false });
routes(bare);
const secured = Fastify({ logger: false, genReqId: requestIdOf });
await registerHttpLayer(secured, { production: true, corsOrigins: [] });
routes(secured);

const key = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? "", "utf8"));
const redis = new Redis(process.env.REDIS_URL ?? "", { maxRetriesPerRequest: 1, enableOfflineQueue: false });
await new Promise((resolve) => redis.once("ready", resolve));
const limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: "bare:rl", points: 1_000_000, duration: 1 });
const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const sessionPrefix = `${process.env.QUEUE_PREFIX ?? "govconnect"}:session:`;
secured.get("/bare/authed", async (request, reply) => {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1] ?? "";
  const claims = jwt.verify(token, key, { algorithms: ["HS256"] }) as { sub: string; jti: string };
  const session = await redis.getex(`${sessionPrefix}${claims.jti}`, "EX", 1800);
  if (session === null) return reply.code(401).send({ error: "no session" });
  await limiter.consume(claims.sub);
  const { rows } = await db.query(
    'select id, username, full_name as "fullName", email, role from users where id = $1',
    [claims.sub],
  );
  return rows[0];
});

await bare.listen({ host: "127.0.0.1", port: Number(process.env.PORT) });
await secured.listen({ host: "127.0.0.1", port: Number(process.env.SECURED_PORT) });
process.on(
  "SIGTERM",
  () =>
    void Promise.all([bare.close(), secured.close(), db.end()]).then(() => {
      redis.disconnect();
      process.exit(0);
    }),
);
