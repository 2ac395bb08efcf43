import { auditEventView, auditFilter, auditListInput, listAudit } from "@govconnect/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { roleProcedure } from "../trpc.ts";

const adminProcedure = roleProcedure("admin");

/** The audit log, for admins: every security and privileged event, newest first. */
export const auditRouter = {
  /** `GET /api/admin/audit`: filtered by actor, action, target and days; keyset pages. */
  list: adminProcedure
    .input(auditListInput)
    .output(z.object({ items: z.array(auditEventView), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listAudit(ctx.db, input)),

  /**
   * The filter of a CSV export, validated and allowed: `GET /api/admin/audit/export` asks this
   * procedure (same access, limits and errors) before it streams the rows.
   */
  exportFilter: adminProcedure
    .input(auditFilter)
    .output(auditFilter)
    .query(({ input }) => input),
} satisfies TRPCRouterRecord;
