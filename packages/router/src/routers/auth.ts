import { awaitsSecondFactor } from "@govconnect/auth";
import { SECURITY_EVENT_ACTIONS } from "@govconnect/contracts";
import type { PublicUser, SignedIn } from "@govconnect/domain";
import {
  acceptInvitation,
  acceptInvitationInput,
  auditEventView,
  confirmEmail,
  confirmEmailInput,
  createFirstAdmin,
  currentUser,
  describeInvitation,
  endMyOtherSessions,
  endMySession,
  finishSignIn,
  finishSignInInput,
  forgotPasswordInput,
  invitationView,
  linkToken,
  listMySessions,
  listSecurityEvents,
  loginInput,
  publicUser,
  registerInput,
  registerUser,
  requestPasswordReset,
  resendEmailConfirmation,
  resetPassword,
  resetPasswordInput,
  securityEventsInput,
  seedUser,
  sessionIdInput,
  sessionView,
  setupInput,
  setupNeeded,
  signIn,
  signOut,
  toPublicUser,
  updateProfile,
  updateProfileInput,
} from "@govconnect/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import type { Context } from "../context.ts";
import { enrolmentProcedure, protectedProcedure, publicProcedure } from "../trpc.ts";

const asSeedUser = ({ username, fullName, email, role }: PublicUser) => ({ username, fullName, email, role });

/** The seed's answer; `secondFactorSetupRequired` is added only for staff who must set one up first. */
const signedInAnswer = z.object({
  message: z.literal("Login successful"),
  token: z.string(),
  user: seedUser,
  secondFactorSetupRequired: z.literal(true).optional(),
});

/** The password was right; the code comes next (`POST /api/auth/login/mfa`). No session yet. */
const codeNeededAnswer = z.object({
  message: z.literal("Enter the code from your authenticator app to finish signing in"),
  secondFactorRequired: z.literal(true),
  /** Single-use, for `POST /api/auth/login/mfa` only, for 5 minutes. */
  pending: z.string(),
  expiresAt: z.iso.datetime(),
});

function signedIn(ctx: Context, session: SignedIn): z.infer<typeof signedInAnswer> {
  ctx.response.setSessionCookie(session.token, session.expiresAt);
  ctx.response.setDeviceCookie(session.device);
  return {
    message: "Login successful" as const,
    token: session.token,
    user: asSeedUser(session.user),
    ...(session.secondFactorSetupRequired ? { secondFactorSetupRequired: true as const } : {}),
  };
}

export const authRouter = {
  /** `POST /api/auth/register`: a new `user` account. Roles are granted only by an admin. */
  register: publicProcedure
    .input(registerInput)
    .output(z.object({ message: z.literal("Registration successful"), user: seedUser }))
    .mutation(async ({ ctx, input }) => {
      const user = await registerUser(ctx.db, ctx.auth.passwords, ctx.tasks.dispatch, input, ctx.client);
      return { message: "Registration successful" as const, user: asSeedUser(user) };
    }),

  /**
   * `POST /api/auth/login`: a 24-hour token, also set as the httpOnly `access_token` cookie — or,
   * for an account with a second factor, a pending step that `loginSecondFactor` finishes.
   */
  login: publicProcedure
    .input(loginInput)
    .output(z.union([signedInAnswer, codeNeededAnswer]))
    .mutation(async ({ ctx, input }) => {
      const outcome = await signIn(ctx.db, ctx.auth, ctx.tasks.dispatch, input, ctx.client);
      if (outcome.kind === "signed-in") return signedIn(ctx, outcome);
      return {
        message: "Enter the code from your authenticator app to finish signing in" as const,
        secondFactorRequired: true as const,
        pending: outcome.pending,
        expiresAt: outcome.expiresAt.toISOString(),
      };
    }),

  /** `POST /api/auth/login/mfa`: the code (or a recovery code) for a pending sign-in; the session, as login gives it. */
  loginSecondFactor: publicProcedure
    .input(finishSignInInput)
    .output(signedInAnswer)
    .mutation(async ({ ctx, input }) =>
      signedIn(ctx, await finishSignIn(ctx.db, ctx.auth, ctx.tasks.dispatch, input, ctx.client)),
    ),

  /** `GET /api/auth/verify`: whether the caller's token is good, and whose it is. */
  verify: protectedProcedure
    .input(z.void())
    .output(z.object({ valid: z.literal(true), user: seedUser }))
    .query(async ({ ctx }) => ({
      valid: true as const,
      user: asSeedUser(toPublicUser(await currentUser(ctx.db, ctx.actor))),
    })),

  /** `POST /api/auth/logout`: ends this session everywhere (every API instance) and clears the cookie. */
  logout: enrolmentProcedure
    .input(z.void())
    .output(z.object({ message: z.string() }))
    .mutation(async ({ ctx }) => {
      await signOut(ctx.db, ctx.auth, ctx.actor);
      ctx.response.clearSessionCookie();
      return { message: "Logged out successfully" };
    }),

  /** `GET /api/auth/me`: the caller's account. */
  me: enrolmentProcedure
    .input(z.void())
    .output(publicUser)
    .query(async ({ ctx }) => toPublicUser(await currentUser(ctx.db, ctx.actor))),

  /**
   * Who is signed in, without an error when nobody is: `user` is null then, and `ended` says
   * whether a session was presented that is no longer live (expired, signed out elsewhere) — so
   * an app can say "your session ended" instead of just showing the sign-in form.
   */
  session: publicProcedure
    .input(z.void())
    .output(z.object({ user: publicUser.nullable(), ended: z.boolean(), secondFactorSetupRequired: z.boolean() }))
    .query(async ({ ctx }) => ({
      user: ctx.session ? toPublicUser(await currentUser(ctx.db, ctx.session.record)) : null,
      ended: ctx.sessionProblem === "invalid",
      // Staff signed in without a second factor: the app shows only the set-up page.
      secondFactorSetupRequired: ctx.session !== null && awaitsSecondFactor(ctx.session.record),
    })),

  /**
   * `PUT /api/auth/me`: change name, email or password (the last two need the current password).
   * A new email becomes `pendingEmail` until the link sent to it is opened; `email` stays in use.
   */
  updateMe: protectedProcedure
    .input(updateProfileInput)
    .output(publicUser)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.auth, ctx.tasks.dispatch, ctx.actor, input)),

  /** `POST /api/auth/email/verify`: opens a confirmation link; its address becomes the account's. */
  confirmEmail: publicProcedure
    .input(confirmEmailInput)
    .output(z.object({ message: z.string(), user: publicUser }))
    .mutation(async ({ ctx, input }) => ({
      message: "Your email address is confirmed",
      user: await confirmEmail(ctx.db, ctx.auth, ctx.tasks.dispatch, input.token, ctx.client),
    })),

  /** `POST /api/auth/email/resend`: a new link for the address waiting to be confirmed. */
  resendConfirmation: protectedProcedure
    .input(z.void())
    .output(z.object({ message: z.string(), sentTo: z.string() }))
    .mutation(async ({ ctx }) => {
      const { sentTo } = await resendEmailConfirmation(ctx.db, ctx.auth, ctx.tasks.dispatch, ctx.actor);
      return { message: `We have sent a new confirmation link to ${sentTo}`, sentTo };
    }),

  /**
   * `POST /api/auth/password/forgot`: the same answer whether or not an account uses the address;
   * if one does, a reset link is emailed to it.
   */
  forgotPassword: publicProcedure
    .input(forgotPasswordInput)
    .output(z.object({ message: z.string() }))
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.db, ctx.auth, ctx.tasks.dispatch, input.email, ctx.client)),

  /** `POST /api/auth/password/reset`: a new password from a reset link; every session of the account ends. */
  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .output(z.object({ message: z.string() }))
    .mutation(({ ctx, input }) => resetPassword(ctx.db, ctx.auth, ctx.tasks.dispatch, input, ctx.client)),

  /** What an invitation link offers (who invited whom, as what), for the page that accepts it. */
  invitation: publicProcedure
    .input(z.strictObject({ token: linkToken }))
    .output(invitationView)
    .query(({ ctx, input }) => describeInvitation(ctx.db, ctx.auth, input.token, ctx.client.ip)),

  /** `POST /api/auth/invitations/accept`: the invitee's account, with the invited role and a confirmed address. */
  acceptInvitation: publicProcedure
    .input(acceptInvitationInput)
    .output(z.object({ message: z.string(), user: publicUser }))
    .mutation(async ({ ctx, input }) => ({
      message: "Your account is ready: sign in with your new username and password",
      user: await acceptInvitation(ctx.db, ctx.auth, input, ctx.client),
    })),

  /** `GET /api/auth/security-events`: the caller's own sign-ins and security changes, newest first. */
  securityEvents: protectedProcedure
    .input(securityEventsInput)
    .output(z.object({ items: z.array(auditEventView), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listSecurityEvents(ctx.db, ctx.actor.userId, SECURITY_EVENT_ACTIONS, input)),

  /** `GET /api/auth/sessions`: the caller's signed-in devices, most recently used first. */
  sessions: protectedProcedure
    .input(z.void())
    .output(z.array(sessionView))
    .query(({ ctx }) => listMySessions(ctx.auth, ctx.actor)),

  /** `DELETE /api/auth/sessions/{id}`: signs one of the caller's devices out, on every instance. */
  endSession: protectedProcedure
    .input(sessionIdInput)
    .output(z.object({ message: z.string(), current: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const { current } = await endMySession(ctx.db, ctx.auth, ctx.actor, input.id);
      if (current) ctx.response.clearSessionCookie();
      return { message: current ? "You are signed out" : "That device is signed out", current };
    }),

  /** `DELETE /api/auth/sessions`: signs out every other device of the caller. */
  endOtherSessions: protectedProcedure
    .input(z.void())
    .output(z.object({ message: z.string(), ended: z.number().int() }))
    .mutation(async ({ ctx }) => {
      const { ended } = await endMyOtherSessions(ctx.db, ctx.auth, ctx.actor);
      return { message: `Signed out of ${ended} other session${ended === 1 ? "" : "s"}`, ended };
    }),

  /** `GET /api/setup`: whether this install still needs its first administrator. */
  setupStatus: publicProcedure
    .input(z.void())
    .output(z.object({ needed: z.boolean() }))
    .query(async ({ ctx }) => ({ needed: await setupNeeded(ctx.db) })),

  /** `POST /api/setup`: the first administrator, with the setup code from the server's start-up output. */
  setup: publicProcedure
    .input(setupInput)
    .output(z.object({ message: z.string(), user: publicUser }))
    .mutation(async ({ ctx, input }) => ({
      message: "The administrator account is ready: sign in with it",
      user: await createFirstAdmin(ctx.db, ctx.auth, input, ctx.client),
    })),
} satisfies TRPCRouterRecord;
