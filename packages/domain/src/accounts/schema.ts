import { newPasswordSchema, passwordInputSchema } from "@govconnect/auth";
import { USER_ROLES } from "@govconnect/contracts";
import { z } from "zod";

export const usernameSchema = z
  .string({ error: "Username is required" })
  .trim()
  .min(3, { error: "Username must be 3 to 32 characters" })
  .max(32, { error: "Username must be 3 to 32 characters" })
  .regex(/^[A-Za-z0-9_.-]+$/, { error: "Username may contain only letters, digits, _ . and -" });

export const emailSchema = z
  .string({ error: "Email is required" })
  .trim()
  .max(254, { error: "Email must be at most 254 characters" })
  .pipe(z.email({ error: "Email must be a valid address, like name@example.gov" }));

export const fullNameSchema = z
  .string({ error: "Full name is required" })
  .trim()
  .min(1, { error: "Full name is required" })
  .max(120, { error: "Full name must be at most 120 characters" });

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

/** A user as the API shows them: never the password hash. */
export const publicUser = seedUser.extend({ id: z.uuid() });
export type PublicUser = z.infer<typeof publicUser>;

/** Where a request came from, as the HTTP layer saw it. */
export interface ClientInfo {
  readonly ip: string;
  readonly userAgent: string | undefined;
}
