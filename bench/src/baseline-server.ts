// The physical baseline: bare Fastify answering the same JSON bodies the product answers, with no
// auth, validation, rate limit or database. The product's throughput is reported as a ratio to it.
import Fastify from "fastify";

const health = process.env.BASELINE_HEALTH_BODY ?? "{}";
const me = process.env.BASELINE_ME_BODY ?? "{}";
const metrics = process.env.BASELINE_METRICS_BODY ?? "{}";
const app = Fastify({ logger: false });
app.get("/api/health", (_request, reply) => reply.type("application/json").send(health));
app.get("/bare/me", (_request, reply) => reply.type("application/json").send(me));
app.get("/bare/metrics", (_request, reply) => reply.type("application/json").send(metrics));
await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT) });
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
