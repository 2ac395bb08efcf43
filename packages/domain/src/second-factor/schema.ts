import { z } from "zod";
import { linkToken } from "../accounts/schema.ts";

/** A code from an authenticator app (6 digits) or a recovery code (`XXXX-XXXX-XXXX`). */
export const secondFactorCode = z
  .string({ error: "code is required: the 6 digits your authenticator app shows, or a recovery code" })
  .trim()
  .min(6, { error: "code is the 6 digits your authenticator app shows, or a recovery code" })
  .max(20, { error: "code is the 6 digits your authenticator app shows, or a recovery code" });

export const codeInput = z.strictObject({ code: secondFactorCode });
export const finishSignInInput = z.strictObject({
  pending: linkToken.describe("The `pending` value of the login answer that asked for a code"),
  code: secondFactorCode,
});
export type FinishSignInInput = z.infer<typeof finishSignInInput>;

export const secondFactorStatus = z.object({
  enrolled: z.boolean(),
  /** The role needs one: it cannot be turned off, and staff procedures wait for it. */
  required: z.boolean(),
  enrolledAt: z.iso.datetime().nullable(),
  recoveryCodesLeft: z.number().int(),
});
export type SecondFactorStatus = z.infer<typeof secondFactorStatus>;

export const enrolmentView = z.object({
  /** The secret as text (base32), for apps that cannot scan. */
  secret: z.string(),
  /** The `otpauth://` URI the QR code holds. */
  uri: z.string(),
  /** The QR code, as an SVG data URL. */
  qrCode: z.string(),
});

export const recoveryCodesView = z.object({
  message: z.string(),
  /** Shown this once: only their hashes are kept. */
  recoveryCodes: z.array(z.string()),
});
