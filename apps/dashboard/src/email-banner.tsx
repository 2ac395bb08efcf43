import { useMutation } from "@tanstack/react-query";
import type { Me } from "./session.tsx";
import { errorMessage, useTRPC } from "./trpc.ts";

/** The address the account still has to confirm: a new one asked for, or the sign-up address. */
export const addressToConfirm = (me: Me): string | null => me.pendingEmail ?? (me.emailVerified ? null : me.email);

/** "Send the link again": a fresh confirmation link to the address waiting to be confirmed. */
export function ResendConfirmation() {
  const trpc = useTRPC();
  const resend = useMutation(trpc.auth.resendConfirmation.mutationOptions());
  return (
    <div className="resend">
      <button type="button" className="secondary" disabled={resend.isPending} onClick={() => resend.mutate()}>
        {resend.isPending ? "Sending…" : "Send the link again"}
      </button>
      {resend.isSuccess ? (
        <p className="success" role="status">
          {resend.data.message}.
        </p>
      ) : null}
      {resend.isError ? (
        <p className="error-text" role="alert">
          {errorMessage(resend.error)}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A calm reminder while the account has an address to confirm: the sign-up address (until it is
 * confirmed GovConnect sends the account no email but the link) or a new address asked for (the
 * current one stays in use until then).
 */
export function EmailBanner({ me }: { readonly me: Me }) {
  const address = addressToConfirm(me);
  if (!address) return null;
  return (
    <section className="banner" aria-labelledby="email-banner-title">
      <h2 id="email-banner-title">Confirm your email address: we sent a link to {address}</h2>
      <p>
        {me.pendingEmail
          ? `Until you open it, GovConnect keeps using ${me.email}.`
          : "Until you open it, GovConnect sends you no other emails, such as appointment updates."}
      </p>
      <ResendConfirmation />
    </section>
  );
}
