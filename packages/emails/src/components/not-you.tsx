/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import { ACCOUNT_PAGES, accountLink } from "@govconnect/contracts";
import { Button, Link, Section, Text } from "react-email";
import type { ServiceInfo } from "../layout.tsx";
import { buttonStyle } from "../layout.tsx";

/**
 * What to do when a change to the account was not the reader's own, the same in every security
 * notice. The forgot-password page takes no token: anyone may start a reset from it.
 */
export function NotYouNotice({ service }: { readonly service: ServiceInfo }) {
  return (
    <Section style={{ backgroundColor: "#fff4e8", borderRadius: "8px", padding: "12px 16px", margin: "16px 0 0" }}>
      <Text style={{ fontWeight: 600, margin: "0 0 8px" }}>If this was not you, reset your password now.</Text>
      <Button href={accountLink(service.url, ACCOUNT_PAGES.forgotPassword)} style={buttonStyle}>
        Reset my password
      </Button>
      <Text style={{ margin: "12px 0 0" }}>
        Then write to <Link href={`mailto:${service.supportEmail}`}>{service.supportEmail}</Link> so we can check your
        account with you.
      </Text>
    </Section>
  );
}
