import { AppError } from "@govconnect/contracts";
import {
  emailLogEntry,
  emailLogInput,
  emailLogPage,
  listEmails,
  listOutbox,
  outboxEmail,
  outboxInput,
  resendEmail,
} from "@govconnect/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { protectedProcedure, roleProcedure } from "../trpc.ts";

const adminProcedure = roleProcedure("admin");

export const emailsRouter = {
  /** The delivery log (admins): newest first, optionally by status; pass `nextBefore` for the next page. */
  list: adminProcedure
    .input(emailLogInput)
    .output(emailLogPage)
    .query(({ ctx, input }) => listEmails(ctx.db, input)),

  /** Sends a failed email again (admins). */
  resend: adminProcedure
    .input(z.strictObject({ id: z.uuid({ error: "id must be an email id" }) }))
    .output(emailLogEntry)
    .mutation(({ ctx, input }) => resendEmail(ctx.db, ctx.tasks.dispatch, ctx.actor, input.id)),

  /**
   * The development outbox (only with `MAIL_TRANSPORT=outbox`): the emails GovConnect "sent" to
   * the caller (admins: to anyone), rendered as the recipient would see them.
   */
  outbox: protectedProcedure
    .input(outboxInput)
    .output(z.object({ emails: z.array(outboxEmail) }))
    .query(async ({ ctx, input }) => {
      if (ctx.mailTransport !== "outbox") {
        throw new AppError("NOT_FOUND", `There is no dev outbox here: emails go out through ${ctx.mailTransport}`);
      }
      return { emails: await listOutbox(ctx.db, ctx.actor, input.limit) };
    }),
} satisfies TRPCRouterRecord;
