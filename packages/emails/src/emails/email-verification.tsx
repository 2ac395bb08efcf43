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

export const EMAIL_VERIFICATION_PURPOSES = ["sign_up", "email_change"] as const;
export type EmailVerificationPurpose = (typeof EMAIL_VERIFICATION_PURPOSES)[number];

/**
 * No name or other text the person typed: the address is not confirmed yet, and whoever gave it
 * may not be its owner (security review L4). Older rows' `fullName` is dropped when parsed.
 */
export const emailVerificationProps = z.object({
  /** The address being confirmed: the one this email is sent to. */
  address: z.email(),
  token: accountToken,
  validForHours: z.number().int().positive(),
  purpose: z.enum(EMAIL_VERIFICATION_PURPOSES),
});
export type EmailVerificationProps = z.infer<typeof emailVerificationProps> & { readonly service: ServiceInfo };

export const emailVerificationSubject = () => "Confirm your email address - GovConnect";

// Why the reader got this email: a new account, or an address they asked to switch to.
const INTRO: Record<EmailVerificationPurpose, string> = {
  sign_up: "Confirm your email address to finish setting up your account.",
  email_change: "You asked to use this address for your GovConnect account.",
};

/** Sent to an address that must be confirmed: after sign-up, or when someone changes their address. */
export function EmailVerificationEmail({ address, token, validForHours, purpose, service }: EmailVerificationProps) {
  return (
    <EmailLayout preview="Confirm your email address for GovConnect" service={service}>
      <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 12px" }}>
        Confirm your email address
      </Heading>
      <Text>Hello,</Text>
      <Text>{INTRO[purpose]}</Text>
      <Text>
        Press the button to confirm that <strong>{address}</strong> is yours.
      </Text>
      <LinkButton href={accountLink(service.url, ACCOUNT_PAGES.verifyEmail, token)}>Confirm email address</LinkButton>
      <Text>The link works once, for {quantity(validForHours, "hour")}.</Text>
      <Text style={{ fontSize: "13px", color: "#5f6368" }}>
        If you did not ask for this, ignore this email: nothing changes.
      </Text>
    </EmailLayout>
  );
}

EmailVerificationEmail.PreviewProps = {
  address: "ada@example.gov",
  token: PREVIEW_TOKEN,
  validForHours: 24,
  purpose: "sign_up",
  service: PREVIEW_SERVICE,
} satisfies EmailVerificationProps;

export default EmailVerificationEmail;
