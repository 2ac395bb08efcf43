import type { PublicUser } from "@govconnect/domain";
import {
  currentUser,
  loginInput,
  publicUser,
  recordSignIn,
  registerInput,
  registerUser,
  seedUser,
  signIn,
  toPublicUser,
  updateProfile,
  updateProfileInput,
} from "@govconnect/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { protectedProcedure, publicProcedure } from "../trpc.ts";

const asSeedUser = ({ username, fullName, email, role }: PublicUser) => ({ username, fullName, email, role });

export const authRouter = {
  /** `POST /api/auth/register`: a new `user` account. Roles are granted only by an admin. */
  register: publicProcedure
    .input(registerInput)
    .output(z.object({ message: z.literal("Registration successful"), user: seedUser }))
    .mutation(async ({ ctx, input }) => {
      const user = await registerUser(ctx.db, ctx.auth.passwords, ctx.tasks.dispatch, input);
      return { message: "Registration successful" as const, user: asSeedUser(user) };
    }),

  /** `POST /api/auth/login`: a 24-hour token, also set as the httpOnly `access_token` cookie. */
  login: publicProcedure
    .input(loginInput)
    .output(z.object({ message: z.literal("Login successful"), token: z.string(), user: seedUser }))
    .mutation(async ({ ctx, input }) => {
      const session = await signIn(ctx.db, ctx.auth, input, ctx.client);
      ctx.response.setSessionCookie(session.token, session.expiresAt);
      // The sign-in record is a side effect: its failure is logged and never fails the sign-in.
      await recordSignIn(ctx.db, ctx.tasks.dispatch, session.user, ctx.client).catch((error: unknown) =>
        ctx.logger.error({ err: error, userId: session.user.id }, "could not record the sign-in task"),
      );
      return { message: "Login successful" as const, token: session.token, user: asSeedUser(session.user) };
    }),

  /** `GET /api/auth/verify`: whether the caller's token is good, and whose it is. */
  verify: protectedProcedure
    .input(z.void())
    .output(z.object({ valid: z.literal(true), user: seedUser }))
    .query(async ({ ctx }) => ({
      valid: true as const,
      user: asSeedUser(toPublicUser(await currentUser(ctx.db, ctx.actor))),
    })),

  /** `POST /api/auth/logout`: ends this session everywhere (every API instance) and clears the cookie. */
  logout: protectedProcedure
    .input(z.void())
    .output(z.object({ message: z.string() }))
    .mutation(async ({ ctx }) => {
      await ctx.auth.sessions.revoke(ctx.actor.sessionId);
      ctx.response.clearSessionCookie();
      return { message: "Logged out successfully" };
    }),

  /** `GET /api/auth/me`: the caller's account. */
  me: protectedProcedure
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
    .output(z.object({ user: publicUser.nullable(), ended: z.boolean() }))
    .query(async ({ ctx }) => ({
      user: ctx.session ? toPublicUser(await currentUser(ctx.db, ctx.session.record)) : null,
      ended: ctx.sessionProblem === "invalid",
    })),

  /** `PUT /api/auth/me`: change name, email or password (the last two need the current password). */
  updateMe: protectedProcedure
    .input(updateProfileInput)
    .output(publicUser)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.auth, ctx.actor, input, ctx.client)),
} satisfies TRPCRouterRecord;
