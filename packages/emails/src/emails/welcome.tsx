/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import { Button, Heading, Text } from "react-email";
import { z } from "zod";
import type { ServiceInfo } from "../layout.tsx";
import { buttonStyle, EmailLayout } from "../layout.tsx";
import { PREVIEW_SERVICE } from "../preview.ts";

/**
 * Nothing the person typed: this goes to the sign-up address before it is confirmed, so whoever
 * signs up with someone else's address must not be able to put words in an official email to it
 * (security review L4). Older rows' `fullName` and `username` are dropped when they are parsed.
 */
export const welcomeProps = z.object({
  /** Whether a separate email asks to confirm the address (it does after a sign-up). */
  confirmationSent: z.boolean().default(false),
});
export type WelcomeProps = z.infer<typeof welcomeProps> & { readonly service: ServiceInfo };

export const welcomeSubject = () => "Welcome to GovConnect Healthcare - Account Created Successfully";

/** Sent once after registration, by the user_registration task. */
export function WelcomeEmail({ confirmationSent, service }: WelcomeProps) {
  return (
    <EmailLayout preview="Welcome to GovConnect: your account is ready" service={service}>
      <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 12px" }}>
        Welcome to GovConnect
      </Heading>
      <Text>
        Your GovConnect account is ready. With it you can book hospital appointments, follow their status, and see
        service alerts for your area.
      </Text>
      {confirmationSent ? (
        <Text>We have sent you a separate email to confirm this address: open its link to finish setting up.</Text>
      ) : null}
      <Text>To get started:</Text>
      <Text style={{ margin: "0 0 4px" }}>1. Sign in with your username and password.</Text>
      <Text style={{ margin: "0 0 4px" }}>2. Book an appointment from the Appointments page.</Text>
      <Text style={{ margin: "0 0 16px" }}>3. Watch for confirmation emails like this one.</Text>
      <Button href={`${service.url}/`} style={buttonStyle}>
        Open GovConnect
      </Button>
      <Text style={{ fontSize: "13px", color: "#5f6368" }}>
        If you did not create this account, write to us and we will close it.
      </Text>
    </EmailLayout>
  );
}

WelcomeEmail.PreviewProps = {
  confirmationSent: true,
  service: PREVIEW_SERVICE,
} satisfies WelcomeProps;

export default WelcomeEmail;
