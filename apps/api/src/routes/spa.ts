import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";

/** The dashboard's production build, beside this app in the repository (`apps/dashboard/dist`). */
export const DEFAULT_DASHBOARD_DIST = fileURLToPath(new URL("../../../dashboard/dist", import.meta.url));

const API_PREFIXES = ["/api/", "/trpc/", "/health"];

export interface SpaOptions {
  /**
   * Whether the build's source maps (`*.map`: the dashboard's whole TypeScript source) are served.
   * Off in production (security review I1); the files stay in the build, for an error tracker.
   */
  readonly serveSourceMaps: boolean;
}

/**
 * Serves the built dashboard at `/`, with `index.html` for any other page path so client-side
 * routes survive a reload. Without a build, `/` says how to get one.
 */
export async function registerSpa(app: FastifyInstance, dist: string, options: SpaOptions): Promise<void> {
  if (!existsSync(join(dist, "index.html"))) {
    app.log.warn({ dist }, "dashboard is not built; `/` explains how to build it");
    app.get("/", (_request, reply) =>
      reply
        .type("text/html; charset=utf-8")
        .send(
          "<!doctype html><title>GovConnect</title><p>The GovConnect API is running. The dashboard is not built: " +
            "run <code>pnpm build</code>, or <code>pnpm dev</code> and open http://localhost:5173.</p>",
        ),
    );
    return;
  }
  // Hashed assets may be cached; index.html must not be, or a browser keeps asking for the
  // previous release's assets (deleted by the new build) after an upgrade.
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    index: false,
    maxAge: "1h",
    allowedPath: (path) => options.serveSourceMaps || !path.endsWith(".map"),
  });
  const page = (reply: FastifyReply) =>
    reply.header("cache-control", "no-cache").sendFile("index.html", { cacheControl: false });
  app.get("/", (_request, reply) => page(reply));
  app.get("/*", (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (API_PREFIXES.some((prefix) => path.startsWith(prefix)) || /\.[a-z0-9]+$/i.test(path)) {
      return reply.status(404).send({ error: `No route ${request.method} ${path}` });
    }
    return page(reply);
  });
}
