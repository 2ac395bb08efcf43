import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildOpenApiDocument } from "./openapi.ts";

const swaggerDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const asset = (name: string) => readFileSync(join(swaggerDir, name), "utf8");

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GovConnect API reference</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>`;

// A file, not an inline script: the Content-Security-Policy allows scripts from this origin only.
const INIT = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#docs", deepLinking: true, withCredentials: true });`;

/**
 * `GET /api/openapi.json` (the document, built once at start) and `GET /api/docs` (Swagger UI,
 * served from the swagger-ui-dist package: no CDN, works offline).
 */
export function registerApiDocs(app: FastifyInstance): void {
  const document = JSON.stringify(buildOpenApiDocument());
  const css = asset("swagger-ui.css");
  const bundle = asset("swagger-ui-bundle.js");
  app.get("/api/openapi.json", (_request, reply) => reply.type("application/json").send(document));
  app.get("/api/docs", (_request, reply) => reply.type("text/html; charset=utf-8").send(PAGE));
  app.get("/api/docs/swagger-ui.css", (_request, reply) =>
    reply.type("text/css").header("cache-control", "public, max-age=86400").send(css),
  );
  app.get("/api/docs/swagger-ui-bundle.js", (_request, reply) =>
    reply.type("application/javascript").header("cache-control", "public, max-age=86400").send(bundle),
  );
  app.get("/api/docs/init.js", (_request, reply) => reply.type("application/javascript").send(INIT));
}
