/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import { Heading, Section, Text } from "react-email";
import { z } from "zod";
import { formatDateTime } from "../components/format.ts";
import { NotYouNotice } from "../components/not-you.tsx";
import type { ServiceInfo } from "../layout.tsx";
import { EmailLayout } from "../layout.tsx";
import { PREVIEW_SERVICE } from "../preview.ts";
import { changedAt } from "../props.ts";

export const newSignInProps = z.object({
  fullName: z.string().min(1),
  username: z.string().min(1),
  /** When the sign-in happened. */
  signedInAt: changedAt,
  /** The network address the sign-in came from, as the server saw it. */
  ip: z.string().min(1).max(64),
  /**
   * The device, as the browser describes itself (its user-agent text), or "an unknown device" when
   * it sent none. The caller cuts it to 200 characters: a longer one is refused, not shortened.
   */
  device: z.string().min(1).max(200),
});
export type NewSignInProps = z.infer<typeof newSignInProps> & { readonly service: ServiceInfo };

export const newSignInSubject = () => "A new sign-in to your GovConnect account";

/**
 * Sent to the account's address when it is signed in to from a device it had not been used on
 * before, so a sign-in by someone else is noticed while they are still signed in.
 */
export function NewSignInEmail({ fullName, username, signedInAt, ip, device, service }: NewSignInProps) {
  return (
    <EmailLayout preview="Your GovConnect account was signed in to from a new device" service={service}>
      <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 12px" }}>
        A new sign-in to your account
      </Heading>
      <Text>Dear {fullName},</Text>
      <Text>
        Your GovConnect account <strong>{username}</strong> was signed in to on {formatDateTime(signedInAt)} from a
        device it had not been used on before.
      </Text>
      <Section style={{ backgroundColor: "#f5f7fa", borderRadius: "8px", padding: "12px 16px", margin: "12px 0 16px" }}>
        <Text style={{ margin: "0 0 6px" }}>Device: {device}</Text>
        <Text style={{ margin: 0 }}>Network address: {ip}</Text>
      </Section>
      <Text>If this was you, you need do nothing.</Text>
      <Text>
        If it was not you, change your password now and sign that device out on the My account page, under Where you are
        signed in.
      </Text>
      <NotYouNotice service={service} />
    </EmailLayout>
  );
}

NewSignInEmail.PreviewProps = {
  fullName: "Ada Lovelace",
  username: "ada",
  signedInAt: "2026-12-03T14:05:00+05:30",
  ip: "203.0.113.42",
  device:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  service: PREVIEW_SERVICE,
} satisfies NewSignInProps;

export default NewSignInEmail;
