/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import { Button, Heading, Text } from "react-email";
import { z } from "zod";
import type { ServiceInfo } from "../layout.tsx";
import { buttonStyle, EmailLayout } from "../layout.tsx";
import { PREVIEW_SERVICE } from "../preview.ts";

export const welcomeProps = z.object({
  fullName: z.string().min(1),
  username: z.string().min(1),
});
export type WelcomeProps = z.infer<typeof welcomeProps> & { readonly service: ServiceInfo };

export const welcomeSubject = () => "Welcome to GovConnect Healthcare - Account Created Successfully";

/** Sent once after registration, by the user_registration task. */
export function WelcomeEmail({ fullName, username, service }: WelcomeProps) {
  return (
    <EmailLayout preview={`Welcome to GovConnect, ${fullName}`} service={service}>
      <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 12px" }}>
        Welcome, {fullName}
      </Heading>
      <Text>
        Your GovConnect account <strong>{username}</strong> is ready. With it you can book hospital appointments, follow
        their status, and see service alerts for your area.
      </Text>
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
  fullName: "Ada Lovelace",
  username: "ada",
  service: PREVIEW_SERVICE,
} satisfies WelcomeProps;

export default WelcomeEmail;
