/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import { ACCOUNT_PAGES, accountLink } from "@govconnect/contracts";
import { Heading, Text } from "react-email";
import { z } from "zod";
import { quantity } from "../components/format.ts";
import { LinkButton } from "../components/link-button.tsx";
import type { ServiceInfo } from "../layout.tsx";
import { EmailLayout } from "../layout.tsx";
import { PREVIEW_SERVICE, PREVIEW_TOKEN } from "../preview.ts";
import { accountToken } from "../props.ts";

export const passwordResetProps = z.object({
  fullName: z.string().min(1),
  username: z.string().min(1),
  token: accountToken,
  validForMinutes: z.number().int().positive(),
});
export type PasswordResetProps = z.infer<typeof passwordResetProps> & { readonly service: ServiceInfo };

export const passwordResetSubject = () => "Reset your password - GovConnect";

/** Sent when someone asks, on the forgot-password page, to reset an account's password. */
export function PasswordResetEmail({ fullName, username, token, validForMinutes, service }: PasswordResetProps) {
  return (
    <EmailLayout preview="Choose a new password for your GovConnect account" service={service}>
      <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 12px" }}>
        Reset your password
      </Heading>
      <Text>Dear {fullName},</Text>
      {/* The username is named because one address may hold several accounts (a family's, say). */}
      <Text>
        We were asked to reset the password of your GovConnect account <strong>{username}</strong>. To choose a new one,
        press the button.
      </Text>
      <LinkButton href={accountLink(service.url, ACCOUNT_PAGES.resetPassword, token)}>Choose a new password</LinkButton>
      <Text>The link works once, for {quantity(validForMinutes, "minute")}.</Text>
      <Text style={{ fontSize: "13px", color: "#5f6368" }}>
        If you did not ask to reset your password, you can ignore this email: your password stays the same.
      </Text>
    </EmailLayout>
  );
}

PasswordResetEmail.PreviewProps = {
  fullName: "Ada Lovelace",
  username: "ada",
  token: PREVIEW_TOKEN,
  validForMinutes: 30,
  service: PREVIEW_SERVICE,
} satisfies PasswordResetProps;

export default PasswordResetEmail;
