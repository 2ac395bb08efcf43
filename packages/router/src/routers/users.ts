import {
  adminUserChanges,
  adminUserView,
  getUser,
  invitationInput,
  invitationView,
  inviteUser,
  listOpenInvitations,
  listUsers,
  resetSecondFactor,
  revokeInvitation,
  updateUser,
  userIdInput,
  userListInput,
} from "@govconnect/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { roleProcedure } from "../trpc.ts";

const adminProcedure = roleProcedure("admin");

/** User management, for admins: find accounts, change roles, deactivate, invite staff. */
export const usersRouter = {
  /** `GET /api/admin/users`: newest first, by part of a name, username or email, role and state. */
  list: adminProcedure
    .input(userListInput)
    .output(z.object({ items: z.array(adminUserView), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listUsers(ctx.db, input)),

  /** `GET /api/admin/users/{id}`. */
  get: adminProcedure
    .input(userIdInput)
    .output(adminUserView)
    .query(({ ctx, input }) => getUser(ctx.db, input.id)),

  /**
   * `PUT /api/admin/users/{id}`: a new role (from the user's next request) and/or deactivation
   * (their sessions end at once). Not for oneself, and never the last active admin.
   */
  update: adminProcedure
    .input(adminUserChanges)
    .output(adminUserView)
    .mutation(({ ctx, input }) => updateUser(ctx.db, ctx.auth, ctx.actor, input)),

  /** `POST /api/admin/invitations`: emails a link to make an account with the role. */
  invite: adminProcedure
    .input(invitationInput)
    .output(invitationView)
    .mutation(({ ctx, input }) => inviteUser(ctx.db, ctx.auth, ctx.tasks.dispatch, ctx.actor, input)),

  /** `GET /api/admin/invitations`: invitations still open, newest first. */
  invitations: adminProcedure
    .input(z.void())
    .output(z.array(invitationView))
    .query(({ ctx }) => listOpenInvitations(ctx.db)),

  /** `DELETE /api/admin/invitations/{id}`: withdraws an open invitation; its link stops working. */
  revokeInvitation: adminProcedure
    .input(userIdInput)
    .output(z.object({ message: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await revokeInvitation(ctx.db, ctx.actor, input.id);
      return { message: "The invitation was withdrawn" };
    }),

  /**
   * `POST /api/admin/users/{id}/mfa/reset`: turns off another account's second factor (a lost
   * phone); their sessions end, and staff set a new one up at their next sign-in.
   */
  resetSecondFactor: adminProcedure
    .input(userIdInput)
    .output(z.object({ message: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await resetSecondFactor(ctx.db, ctx.auth, ctx.tasks.dispatch, ctx.actor, input.id);
      return { message: "Two-step verification was reset: they will set it up again at their next sign-in" };
    }),
} satisfies TRPCRouterRecord;
