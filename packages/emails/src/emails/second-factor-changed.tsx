/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import type { ReactNode } from "react";
import { Heading, Text } from "react-email";
import { z } from "zod";
import { formatDateTime } from "../components/format.ts";
import { NotYouNotice } from "../components/not-you.tsx";
import type { ServiceInfo } from "../layout.tsx";
import { EmailLayout } from "../layout.tsx";
import { PREVIEW_SERVICE } from "../preview.ts";
import { changedAt } from "../props.ts";

export const SECOND_FACTOR_CHANGES = [
  "enrolled",
  "removed",
  "reset_by_admin",
  "recovery_codes_regenerated",
  "recovery_code_used",
] as const;
export type SecondFactorChange = (typeof SECOND_FACTOR_CHANGES)[number];

export const secondFactorChangedProps = z.object({
  fullName: z.string().min(1),
  username: z.string().min(1),
  changedAt,
  /** What changed: turned on or off (by the owner or an administrator), new recovery codes, or one used. */
  change: z.enum(SECOND_FACTOR_CHANGES),
});
export type SecondFactorChangedProps = z.infer<typeof secondFactorChangedProps> & { readonly service: ServiceInfo };

export const secondFactorChangedSubject = () => "Your two-step verification was changed - GovConnect";

// One sentence per change, in the words the dashboard uses: "two-step verification", "the code from
// your authenticator app", "recovery codes".
const WHAT_CHANGED: Record<SecondFactorChange, (account: ReactNode, date: string) => ReactNode> = {
  enrolled: (account, date) => (
    <>
      Two-step verification was turned on for your account {account} on {date}: signing in now needs a code from your
      authenticator app as well as your password.
    </>
  ),
  removed: (account, date) => (
    <>
      Two-step verification was turned off for your account {account} on {date}: signing in now needs only your
      password.
    </>
  ),
  reset_by_admin: (account, date) => (
    <>
      An administrator turned off two-step verification for your account {account} on {date}. You will be asked to set
      it up again the next time you sign in, and every device was signed out.
    </>
  ),
  recovery_codes_regenerated: (account, date) => (
    <>
      New recovery codes were made for your account {account} on {date}. The old ones no longer work.
    </>
  ),
  recovery_code_used: (account, date) => (
    <>
      A recovery code was used to sign in to your account {account} on {date}. Each recovery code works only once: if
      you are running low, make new ones on the My account page.
    </>
  ),
};

/** Sent to the account's address after every change to its two-step verification, so a change nobody asked for is noticed. */
export function SecondFactorChangedEmail({ fullName, username, changedAt, change, service }: SecondFactorChangedProps) {
  return (
    <EmailLayout preview="The two-step verification of your GovConnect account was changed" service={service}>
      <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 12px" }}>
        Your two-step verification was changed
      </Heading>
      <Text>Dear {fullName},</Text>
      <Text>{WHAT_CHANGED[change](<strong>{username}</strong>, formatDateTime(changedAt))}</Text>
      <NotYouNotice service={service} />
    </EmailLayout>
  );
}

SecondFactorChangedEmail.PreviewProps = {
  fullName: "Ada Lovelace",
  username: "ada",
  changedAt: "2026-12-03T14:05:00+05:30",
  change: "enrolled",
  service: PREVIEW_SERVICE,
} satisfies SecondFactorChangedProps;

export default SecondFactorChangedEmail;
