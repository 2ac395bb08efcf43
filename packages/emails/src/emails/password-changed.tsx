/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import { Heading, Text } from "react-email";
import { z } from "zod";
import { formatDateTime } from "../components/format.ts";
import { NotYouNotice } from "../components/not-you.tsx";
import type { ServiceInfo } from "../layout.tsx";
import { EmailLayout } from "../layout.tsx";
import { PREVIEW_SERVICE } from "../preview.ts";
import { changedAt } from "../props.ts";

export const PASSWORD_CHANGE_ROUTES = ["reset", "account"] as const;
export type PasswordChangeRoute = (typeof PASSWORD_CHANGE_ROUTES)[number];

export const passwordChangedProps = z.object({
  fullName: z.string().min(1),
  username: z.string().min(1),
  changedAt,
  /** How it was changed: from a reset link, or signed in, on the account page. */
  via: z.enum(PASSWORD_CHANGE_ROUTES),
});
export type PasswordChangedProps = z.infer<typeof passwordChangedProps> & { readonly service: ServiceInfo };

export const passwordChangedSubject = () => "Your password was changed - GovConnect";

// A reset is how someone takes an account back, so it signs every device out; a change on the
// account page is made signed in, and keeps that one device.
const SIGNED_OUT: Record<PasswordChangeRoute, string> = {
  reset: "Every device that was signed in to your account has been signed out. Sign in again with the new password.",
  account: "Any other device that was signed in to your account has been signed out. The one you used stays signed in.",
};

/** Sent to the account's address after every password change, so a change nobody asked for is noticed. */
export function PasswordChangedEmail({ fullName, username, changedAt, via, service }: PasswordChangedProps) {
  return (
    <EmailLayout preview="The password of your GovConnect account was changed" service={service}>
      <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 12px" }}>
        Your password was changed
      </Heading>
      <Text>Dear {fullName},</Text>
      <Text>
        The password of your GovConnect account <strong>{username}</strong> was changed on {formatDateTime(changedAt)}.
      </Text>
      <Text>{SIGNED_OUT[via]}</Text>
      <NotYouNotice service={service} />
    </EmailLayout>
  );
}

PasswordChangedEmail.PreviewProps = {
  fullName: "Ada Lovelace",
  username: "ada",
  changedAt: "2026-12-03T14:05:00+05:30",
  via: "reset",
  service: PREVIEW_SERVICE,
} satisfies PasswordChangedProps;

export default PasswordChangedEmail;
