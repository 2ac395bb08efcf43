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

export const invitationProps = z.object({
  fullName: z.string().min(1),
  /** The role in words, as the reader would say it ("Healthcare staff"), not its code. */
  roleLabel: z.string().min(1),
  invitedByName: z.string().min(1),
  token: accountToken,
  validForDays: z.number().int().positive(),
});
export type InvitationProps = z.infer<typeof invitationProps> & { readonly service: ServiceInfo };

export const invitationSubject = () => "You are invited to GovConnect";

/** Sent to someone invited to GovConnect with a role; they choose their own sign-in when they accept. */
export function InvitationEmail({ fullName, roleLabel, invitedByName, token, validForDays, service }: InvitationProps) {
  return (
    <EmailLayout preview={`${invitedByName} invited you to GovConnect`} service={service}>
      <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 12px" }}>
        You are invited to GovConnect
      </Heading>
      <Text>Dear {fullName},</Text>
      <Text>
        {invitedByName} has invited you to join GovConnect as <strong>{roleLabel}</strong>.
      </Text>
      {/* Nobody else ever knows the password: the invitation carries none. */}
      <Text>When you accept, you choose your own username and password.</Text>
      <LinkButton href={accountLink(service.url, ACCOUNT_PAGES.acceptInvitation, token)}>
        Accept the invitation
      </LinkButton>
      <Text>The link works once, for {quantity(validForDays, "day")}.</Text>
      <Text style={{ fontSize: "13px", color: "#5f6368" }}>If you were not expecting this, ignore this email.</Text>
    </EmailLayout>
  );
}

InvitationEmail.PreviewProps = {
  fullName: "Mary Somerville",
  roleLabel: "Healthcare staff",
  invitedByName: "Ada Lovelace",
  token: PREVIEW_TOKEN,
  validForDays: 7,
  service: PREVIEW_SERVICE,
} satisfies InvitationProps;

export default InvitationEmail;
