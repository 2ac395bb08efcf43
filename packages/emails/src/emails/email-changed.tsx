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

export const emailChangedProps = z.object({
  fullName: z.string().min(1),
  username: z.string().min(1),
  /**
   * The new address, masked by the caller ("a***@example.gov"): enough for the owner to recognise
   * it, not enough to hand it to whoever reads the old mailbox.
   */
  newAddressHint: z.string().min(1),
  changedAt,
});
export type EmailChangedProps = z.infer<typeof emailChangedProps> & { readonly service: ServiceInfo };

export const emailChangedSubject = () => "Your email address was changed - GovConnect";

/**
 * Sent to the old address when an account's address changes: if someone else made the change, the
 * old mailbox is where the owner hears of it.
 */
export function EmailChangedEmail({ fullName, username, newAddressHint, changedAt, service }: EmailChangedProps) {
  return (
    <EmailLayout preview="The email address of your GovConnect account was changed" service={service}>
      <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 12px" }}>
        Your email address was changed
      </Heading>
      <Text>Dear {fullName},</Text>
      <Text>
        On {formatDateTime(changedAt)}, the email address of your GovConnect account <strong>{username}</strong> was
        changed to <strong>{newAddressHint}</strong>.
      </Text>
      <Text>Emails about your account now go to the new address, not to this one.</Text>
      <NotYouNotice service={service} />
    </EmailLayout>
  );
}

EmailChangedEmail.PreviewProps = {
  fullName: "Ada Lovelace",
  username: "ada",
  newAddressHint: "a***@example.gov",
  changedAt: "2026-12-03T08:35:00Z",
  service: PREVIEW_SERVICE,
} satisfies EmailChangedProps;

export default EmailChangedEmail;
