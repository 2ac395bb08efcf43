import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { LinkRefused, NoToken } from "../components/link-refused.tsx";
import { addressToConfirm, ResendConfirmation } from "../email-banner.tsx";
import { useLinkToken } from "../route.ts";
import { useSession } from "../session.tsx";
import { useTRPC } from "../trpc.ts";

/** What to do about a link that did not work: a new one, if there is still an address to confirm. */
function AskAgain() {
  const { me } = useSession();
  if (!me) {
    return (
      <p>
        <a href="#/signin">Sign in</a> to ask for a new link.
      </p>
    );
  }
  if (!addressToConfirm(me))
    return <p>Your email address {me.email} is already confirmed: there is nothing more to do.</p>;
  return (
    <>
      <p>Ask for a new one:</p>
      <ResendConfirmation />
    </>
  );
}

/** The page a confirmation email links to: it confirms the address as it opens. */
export function VerifyEmail() {
  const trpc = useTRPC();
  const session = useSession();
  const token = useLinkToken();
  const confirm = useMutation(trpc.auth.confirmEmail.mutationOptions({ onSuccess: () => void session.refresh() }));
  const { mutate } = confirm;
  // Once per link: a link works once, so a second try would only say "already used".
  const tried = useRef<string | null>(null);
  useEffect(() => {
    if (!token || tried.current === token) return;
    tried.current = token;
    mutate({ token });
  }, [token, mutate]);
  return (
    <section className="card narrow" aria-labelledby="verify-title">
      <h2 id="verify-title">Confirm your email address</h2>
      {!token ? (
        <NoToken>
          <AskAgain />
        </NoToken>
      ) : confirm.isSuccess ? (
        <>
          <p className="success" role="status">
            Thank you: your email address {confirm.data.user.email} is confirmed.
          </p>
          <p>GovConnect will now send you your appointment updates and other emails there.</p>
          <p>{session.me ? <a href="#/overview">Go to the overview</a> : <a href="#/signin">Sign in</a>}</p>
        </>
      ) : confirm.isError ? (
        <LinkRefused error={confirm.error}>
          <AskAgain />
        </LinkRefused>
      ) : (
        <p className="muted" aria-busy="true">
          Confirming your email address…
        </p>
      )}
    </section>
  );
}
