import { EMAIL_STATUSES } from "@govconnect/db";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { listEmails, resendEmail } from "../services/emails.ts";
import { roleProcedure } from "../trpc.ts";

const entry = z.object({
  id: z.uuid(),
  template: z.string(),
  recipient: z.string(),
  status: z.enum(EMAIL_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  transport: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  subject: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

const adminProcedure = roleProcedure("admin");

export const emailsRouter = {
  /** The delivery log (admins): newest first, optionally by status; pass `nextBefore` for the next page. */
  list: adminProcedure
    .input(
      z
        .strictObject({
          limit: z.number().int().min(1).max(100).default(50),
          status: z.enum(EMAIL_STATUSES).optional(),
          before: z.uuid({ error: "before must be an email id" }).optional(),
        })
        .default({ limit: 50 }),
    )
    .output(z.object({ emails: z.array(entry), nextBefore: z.string().nullable() }))
    .query(({ ctx, input }) => listEmails(ctx.database.db, input)),

  /** Sends a failed email again (admins). */
  resend: adminProcedure
    .input(z.strictObject({ id: z.uuid({ error: "id must be an email id" }) }))
    .output(entry)
    .mutation(({ ctx, input }) => resendEmail(ctx.database.db, ctx.tasks, input.id)),
} satisfies TRPCRouterRecord;
