import { EMAIL_STATUSES } from "@govconnect/db";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { AppError } from "../errors.ts";
import { listEmails, listOutbox, resendEmail } from "../services/emails.ts";
import { protectedProcedure, roleProcedure } from "../trpc.ts";

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

  /**
   * The development outbox (only with `MAIL_TRANSPORT=outbox`): the emails GovConnect "sent" to
   * the caller (admins: to anyone), rendered as the recipient would see them.
   */
  outbox: protectedProcedure
    .input(z.strictObject({ limit: z.number().int().min(1).max(100).default(30) }).default({ limit: 30 }))
    .output(
      z.object({
        emails: z.array(
          z.object({
            id: z.uuid(),
            template: z.string(),
            recipient: z.string(),
            subject: z.string(),
            html: z.string(),
            text: z.string(),
            sentAt: z.string(),
          }),
        ),
      }),
    )
    .query(async ({ ctx, input }) => {
      if (ctx.mailTransport !== "outbox") {
        throw new AppError("NOT_FOUND", `There is no dev outbox here: emails go out through ${ctx.mailTransport}`);
      }
      return { emails: await listOutbox(ctx.database.db, ctx.session.record, input.limit) };
    }),
} satisfies TRPCRouterRecord;
