import { newPasswordSchema, passwordInputSchema } from "@govconnect/auth";
import { singleLineName, USER_ROLES, USERNAME_CHARACTERS } from "@govconnect/contracts";
import { z } from "zod";
import { pageInput } from "../shared/pagination.ts";

export const usernameSchema = z
  .string({ error: "Username is required" })
  .trim()
  .min(3, { error: "Username must be 3 to 32 characters" })
  .max(32, { error: "Username must be 3 to 32 characters" })
  .regex(USERNAME_CHARACTERS, { error: "Username may contain only letters, digits, _ . and -" });

export const emailSchema = z
  .string({ error: "Email is required" })
  .trim()
  .max(254, { error: "Email must be at most 254 characters" })
  .pipe(z.email({ error: "Email must be a valid address, like name@example.gov" }));

export const fullNameSchema = singleLineName(
  z
    .string({ error: "Full name is required" })
    .trim()
    .min(1, { error: "Full name is required" })
    .max(120, { error: "Full name must be at most 120 characters" }),
  "Full name must be one line, without line breaks or text-direction controls",
);

/** Registration takes exactly these fields: a `role` (or anything else) is refused, not ignored. */
export const registerInput = z.strictObject({
  username: usernameSchema,
  password: newPasswordSchema,
  fullName: fullNameSchema,
  email: emailSchema,
});
export type Registration = z.infer<typeof registerInput>;

export const loginInput = z.strictObject({
  username: z
    .string({ error: "Username is required" })
    .trim()
    .min(1, { error: "Username is required" })
    .max(254, { error: "Username must be at most 254 characters" }),
  password: passwordInputSchema,
});
export type LoginInput = z.infer<typeof loginInput>;

export const updateProfileInput = z
  .strictObject({
    fullName: fullNameSchema.optional(),
    email: emailSchema.optional(),
    newPassword: newPasswordSchema.optional(),
    currentPassword: passwordInputSchema.optional(),
  })
  .refine((input) => input.fullName !== undefined || input.email !== undefined || input.newPassword !== undefined, {
    error: "Send at least one of fullName, email or newPassword",
  });
export type ProfileChanges = z.infer<typeof updateProfileInput>;

/** The seed's user object: `{username, fullName, email}` — plus `role`, which clients may use. */
export const seedUser = z.object({
  username: z.string(),
  fullName: z.string(),
  email: z.string(),
  role: z.enum(USER_ROLES),
});

/**
 * A user as the API shows them: never the password hash. `emailVerified` says whether `email` was
 * confirmed; `pendingEmail` is an address asked for and not confirmed yet (`email` stays in use).
 */
export const publicUser = seedUser.extend({
  id: z.uuid(),
  emailVerified: z.boolean(),
  pendingEmail: z.string().nullable(),
});
export type PublicUser = z.infer<typeof publicUser>;

/** What an admin sees of an account. */
export const adminUserView = publicUser.extend({
  active: z.boolean(),
  /** Two-step verification is on (an admin can reset it). */
  secondFactor: z.boolean(),
  createdAt: z.iso.datetime(),
  lastSignInAt: z.iso.datetime().nullable(),
});
export type AdminUserView = z.infer<typeof adminUserView>;

/** A token from an emailed link: long enough to be one of ours, short enough to refuse junk cheaply. */
export const linkToken = z
  .string({ error: "token is required: it is the part of the link after token=" })
  .trim()
  .min(20, { error: "token is too short: copy the whole link from the email" })
  .max(200, { error: "token is too long: copy only the link from the email" });

export const confirmEmailInput = z.strictObject({ token: linkToken });
export const forgotPasswordInput = z.strictObject({ email: emailSchema });
export const resetPasswordInput = z.strictObject({ token: linkToken, password: newPasswordSchema });

export const invitationInput = z.strictObject({
  email: emailSchema,
  fullName: fullNameSchema,
  role: z.enum(USER_ROLES, { error: `role must be one of ${USER_ROLES.join(", ")}` }),
});
export type InvitationRequest = z.infer<typeof invitationInput>;
export const acceptInvitationInput = z.strictObject({
  token: linkToken,
  username: usernameSchema,
  password: newPasswordSchema,
});
export type InvitationAcceptance = z.infer<typeof acceptInvitationInput>;
export const invitationView = z.object({
  id: z.uuid(),
  email: z.string(),
  fullName: z.string(),
  role: z.enum(USER_ROLES),
  invitedBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type InvitationView = z.infer<typeof invitationView>;

export const USER_STATES = ["active", "deactivated", "unconfirmed"] as const;
export const userListInput = z.strictObject({
  /** Part of a name, username or email, any case. */
  q: z.string().trim().max(100, { error: "q must be at most 100 characters" }).optional(),
  role: z.enum(USER_ROLES, { error: `role must be one of ${USER_ROLES.join(", ")}` }).optional(),
  state: z.enum(USER_STATES, { error: `state must be one of ${USER_STATES.join(", ")}` }).optional(),
  ...pageInput,
});
export type UserListInput = z.infer<typeof userListInput>;
export const userIdInput = z.strictObject({ id: z.string().max(64) });
export const adminUserChanges = z
  .strictObject({
    id: z.string().max(64),
    role: z.enum(USER_ROLES, { error: `role must be one of ${USER_ROLES.join(", ")}` }).optional(),
    active: z.boolean({ error: "active must be true or false" }).optional(),
  })
  .refine((input) => input.role !== undefined || input.active !== undefined, {
    error: "Send role, active or both",
  });
export type AdminUserChanges = z.infer<typeof adminUserChanges>;

export const sessionView = z.object({
  id: z.string(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime(),
  current: z.boolean(),
});
export type SessionView = z.infer<typeof sessionView>;
export const sessionIdInput = z.strictObject({ id: z.string().min(1).max(64) });

export const setupInput = registerInput.extend({
  code: z
    .string({ error: "code is required: it is printed in the server's start-up output" })
    .trim()
    .min(1, { error: "code is required: it is printed in the server's start-up output" })
    .max(40, { error: "code is the 14-character setup code, like ABCD-EFGH-JKMN" }),
});
export type SetupRequest = z.infer<typeof setupInput>;
