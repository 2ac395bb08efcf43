import { AUDIT_ACTION_NAMES, AUDIT_TARGET_TYPES } from "@govconnect/contracts";
import { z } from "zod";
import { pageInput } from "../shared/pagination.ts";

/** An audit event as admins (and, for their own, users) read it. */
export const auditEventView = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  action: z.enum(AUDIT_ACTION_NAMES),
  actor: z.object({ id: z.string(), username: z.string().nullable() }).nullable(),
  target: z.object({ type: z.enum(AUDIT_TARGET_TYPES), id: z.string(), label: z.string().nullable() }).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventView = z.infer<typeof auditEventView>;

const day = z.iso.date({ error: "must be a date, like 2026-12-01" });

/** The filters of the audit page and of `GET /api/admin/audit` (and its CSV export). */
export const auditFilter = z.strictObject({
  /** The acting account's username (exact, any case). */
  actor: z.string().trim().min(1).max(64).optional(),
  action: z.enum(AUDIT_ACTION_NAMES, { error: "action must be one of the audit log's actions" }).optional(),
  targetType: z
    .enum(AUDIT_TARGET_TYPES, { error: `targetType must be one of ${AUDIT_TARGET_TYPES.join(", ")}` })
    .optional(),
  /** A target's id (a user's id, an appointment's…); with `targetType`, or alone. */
  targetId: z.string().trim().min(1).max(64).optional(),
  /** From this day (UTC), inclusive. */
  from: day.optional(),
  /** To this day (UTC), inclusive. */
  to: day.optional(),
});
export type AuditFilter = z.infer<typeof auditFilter>;

export const auditListInput = auditFilter.extend(pageInput);
export type AuditListInput = z.infer<typeof auditListInput>;

export const securityEventsInput = z.strictObject(pageInput);
