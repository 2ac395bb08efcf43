/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import type { ReactNode } from "react";
import { Button, Link, Text } from "react-email";
import { BRAND, buttonStyle } from "../layout.tsx";

/**
 * The button an account email is for, with the same link written out below it: some mail clients
 * strip buttons, and some people would rather copy a link than press it.
 */
export function LinkButton({ href, children }: { readonly href: string; readonly children: ReactNode }) {
  return (
    <>
      <Button href={href} style={buttonStyle}>
        {children}
      </Button>
      <Text style={{ fontSize: "13px", color: BRAND.muted, margin: "16px 0 0" }}>
        If the button does not work, copy this link into your browser:
        <br />
        {/* A token link is one long word: without this it would widen the email on a phone. */}
        <Link href={href} style={{ wordBreak: "break-all" }}>
          {href}
        </Link>
      </Text>
    </>
  );
}
