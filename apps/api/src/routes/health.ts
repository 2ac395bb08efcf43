import type { AppDeps } from "@govconnect/router";
import type { FastifyInstance } from "fastify";

/**
 * `GET /api/health`: the seed's health check (status, service, features) plus each dependency,
 * 503 when one is down. `/health` says only that the process is alive (for restarts);
 * `/health/ready` whether it can serve (for load balancers).
 */
export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  const ready = async (_request: unknown, reply: import("fastify").FastifyReply) => {
    const report = await deps.health.report();
    return reply
      .status(report.status === "healthy" ? 200 : 503)
      .header("cache-control", "no-store")
      .send(report);
  };
  app.get("/api/health", ready);
  app.get("/health/ready", ready);
  app.get("/health", (_request, reply) => reply.header("cache-control", "no-store").send({ status: "alive" }));
}
