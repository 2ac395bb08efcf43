/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import type { ReactNode } from "react";
import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from "react-email";

export const BRAND = {
  navy: "#0b2545",
  accent: "#f4a259",
  text: "#1d1d1f",
  muted: "#5f6368",
  background: "#f5f7fa",
} as const;

/** What every email says about the service itself: where to go, whom to ask. */
export interface ServiceInfo {
  /** The dashboard's address (PUBLIC_URL). */
  readonly url: string;
  /** Where people can write for help. */
  readonly supportEmail: string;
}

/** The GovConnect frame every email sits in: masthead, body, and a footer saying how to get help. */
export function EmailLayout(props: {
  readonly preview: string;
  readonly service: ServiceInfo;
  readonly children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body
        style={{
          backgroundColor: BRAND.background,
          fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
          margin: 0,
        }}
      >
        <Container style={{ maxWidth: "600px", margin: "0 auto", padding: "24px 16px" }}>
          <Section style={{ backgroundColor: BRAND.navy, borderRadius: "12px 12px 0 0", padding: "16px 24px" }}>
            <Text style={{ color: "#ffffff", fontSize: "22px", fontWeight: 700, margin: 0 }}>
              <span
                style={{
                  backgroundColor: BRAND.accent,
                  color: BRAND.navy,
                  borderRadius: "6px",
                  padding: "2px 8px",
                  marginRight: "8px",
                }}
              >
                GC
              </span>{" "}
              GovConnect
            </Text>
          </Section>
          <Section
            style={{ backgroundColor: "#ffffff", padding: "24px", borderRadius: "0 0 12px 12px", color: BRAND.text }}
          >
            {props.children}
          </Section>
          <Hr style={{ borderColor: "#dde3ea", margin: "24px 0 12px" }} />
          <Text style={{ color: BRAND.muted, fontSize: "12px", lineHeight: "18px", margin: 0 }}>
            GovConnect — government services online: <Link href={props.service.url}>{props.service.url}</Link>
            <br />
            Questions? Write to <Link href={`mailto:${props.service.supportEmail}`}>{props.service.supportEmail}</Link>.
            Please do not reply to this message.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export const buttonStyle = {
  backgroundColor: BRAND.navy,
  color: "#ffffff",
  borderRadius: "8px",
  padding: "12px 20px",
  fontWeight: 600,
  textDecoration: "none",
} as const;
