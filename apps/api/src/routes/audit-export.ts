import { Readable } from "node:stream";
import { auditFilter, exportAuditCsv } from "@govconnect/domain";
import type { AppDeps } from "@govconnect/router";
import { createCaller } from "@govconnect/router";
import type { FastifyInstance } from "fastify";
import { contextFor } from "../server/http-context.ts";
import { procedureAt, procedureInput, sendDownload, sendRestError } from "./rest.ts";

/** Where the audit log's CSV export is served (the dashboard links to it with the page's filters). */
export const AUDIT_EXPORT_URL = "/api/admin/audit/export";

/**
 * `GET /api/admin/audit/export`: the filtered audit log as CSV, streamed in batches. Access,
 * rate limit and the filter's validation are the `audit.exportFilter` procedure's, so they are
 * the same as for `GET /api/admin/audit`.
 */
export function registerAuditExport(app: FastifyInstance, deps: AppDeps, options: { readonly secureCookies: boolean }) {
  app.get(AUDIT_EXPORT_URL, async (request, reply) => {
    try {
      const ctx = await contextFor(deps, request, reply, options);
      const allowed = await procedureAt(
        createCaller(ctx),
        "audit.exportFilter",
      )(procedureInput({ from: "query" }, request));
      // The procedure validated it already; parsing its output again gives it its type.
      const filter = auditFilter.parse(allowed);
      const day = new Date().toISOString().slice(0, 10);
      return sendDownload(reply, {
        contentType: "text/csv; charset=utf-8",
        filename: `govconnect-audit-${day}.csv`,
        body: Readable.from(exportAuditCsv(ctx.db, filter)),
      });
    } catch (error) {
      return sendRestError(request, reply, error);
    }
  });
}
