import type { Server } from "node:http";
import { createServer } from "node:http";

/** Resolves with each dependency's state; the process is ready when all are true. */
export type HealthProbe = () => Promise<Record<string, boolean>>;

/** What `/metrics` serves: the workers' prom-client `Registry` is one. */
export interface MetricsSource {
  /** The exposition format's media type, with its version (Prometheus' text format 0.0.4). */
  readonly contentType: string;
  /** The text of one scrape; rejects when a value cannot be read (Redis is away). */
  metrics(): Promise<string>;
}

/**
 * The worker's own tiny HTTP server (it has no API): `GET /health` — the process is alive;
 * `GET /health/ready` — Redis and the database answer and the workers run (200, else 503);
 * `GET /metrics` — Prometheus text (jobs processed/failed, processing time, queue depth).
 */
export function startHealthServer(
  host: string,
  port: number,
  probe: HealthProbe,
  prometheus: MetricsSource,
): Promise<Server> {
  const server = createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      response.end(JSON.stringify(body));
    };
    if (request.method !== "GET") return send(405, { error: "Only GET is supported" });
    if (request.url === "/health") return send(200, { status: "alive" });
    if (request.url === "/metrics") {
      prometheus.metrics().then(
        (text) => {
          response.writeHead(200, { "content-type": prometheus.contentType });
          response.end(text);
        },
        () => send(503, { error: "metrics unavailable: Redis did not answer" }),
      );
      return;
    }
    if (request.url === "/health/ready") {
      probe().then(
        (checks) => {
          const ready = Object.values(checks).every(Boolean);
          send(ready ? 200 : 503, { status: ready ? "ready" : "not_ready", checks });
        },
        () => send(503, { status: "not_ready" }),
      );
      return;
    }
    send(404, { error: "Not found" });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
