import {
  beginEnrolment,
  codeInput,
  confirmEnrolment,
  enrolmentView,
  recoveryCodesView,
  regenerateRecoveryCodes,
  removeSecondFactor,
  secondFactorStatus,
  secondFactorStatusOf,
} from "@govconnect/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { enrolmentProcedure, protectedProcedure } from "../trpc.ts";

const RECOVERY_CODES_ADVICE =
  "Save these recovery codes somewhere safe, away from your phone: each signs you in once if you lose the app. They are shown only now";

/**
 * The caller's own second factor (TOTP). Setting one up is open to staff sessions that do not
 * have one yet: it is all such a session may do.
 */
export const secondFactorRouter = {
  /** `GET /api/auth/mfa`: whether the account has a second factor, needs one, and recovery codes left. */
  status: enrolmentProcedure
    .input(z.void())
    .output(secondFactorStatus)
    .query(({ ctx }) => secondFactorStatusOf(ctx.db, ctx.actor)),

  /** `POST /api/auth/mfa/setup`: a new secret, as text and as a QR code, to add to an authenticator app. */
  begin: enrolmentProcedure
    .input(z.void())
    .output(enrolmentView)
    .mutation(({ ctx }) => beginEnrolment(ctx.db, ctx.auth, ctx.actor)),

  /** `POST /api/auth/mfa/setup/confirm`: the app's first code turns it on; ten recovery codes, shown once. */
  confirm: enrolmentProcedure
    .input(codeInput)
    .output(recoveryCodesView)
    .mutation(async ({ ctx, input }) => {
      const { recoveryCodes } = await confirmEnrolment(ctx.db, ctx.auth, ctx.tasks.dispatch, ctx.actor, input.code);
      return { message: `Two-step verification is on. ${RECOVERY_CODES_ADVICE}`, recoveryCodes };
    }),

  /** `POST /api/auth/mfa/recovery-codes`: ten new recovery codes (after a code); the old ones stop working. */
  regenerateRecoveryCodes: protectedProcedure
    .input(codeInput)
    .output(recoveryCodesView)
    .mutation(async ({ ctx, input }) => {
      const { recoveryCodes } = await regenerateRecoveryCodes(
        ctx.db,
        ctx.auth,
        ctx.tasks.dispatch,
        ctx.actor,
        input.code,
      );
      return {
        message: `New recovery codes made; the old ones no longer work. ${RECOVERY_CODES_ADVICE}`,
        recoveryCodes,
      };
    }),

  /** `POST /api/auth/mfa/remove`: turns the second factor off (after a code); refused for staff roles. */
  remove: protectedProcedure
    .input(codeInput)
    .output(z.object({ message: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await removeSecondFactor(ctx.db, ctx.auth, ctx.tasks.dispatch, ctx.actor, input.code);
      return { message: "Two-step verification is off: signing in needs only your password" };
    }),
} satisfies TRPCRouterRecord;
