import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { AccountField } from "../components/account-field.tsx";
import { LinkRefused, NoToken } from "../components/link-refused.tsx";
import { FormFailure } from "../components/states.tsx";
import { useLinkToken } from "../route.ts";
import { useSession } from "../session.tsx";
import { fieldErrors, linkProblem, useTRPC } from "../trpc.ts";

const NEW_LINK = (
  <p>
    <a href="#/forgot-password">Ask for a new link</a>
  </p>
);

/** The page a password-reset email links to: a new password, typed twice. */
export function ResetPassword() {
  const trpc = useTRPC();
  const session = useSession();
  const token = useLinkToken();
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const reset = useMutation(
    trpc.auth.resetPassword.mutationOptions({
      // Every session of the account has ended, this browser's too if it was signed in to it.
      onSuccess: () => void session.refresh(),
    }),
  );
  const errors = fieldErrors(reset.error, ["password"]);
  const refused = linkProblem(reset.error) !== null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== again);
    if (password !== again || !token) return;
    reset.mutate({ token, password });
  };
  return (
    <section className="card narrow" aria-labelledby="reset-title">
      <h2 id="reset-title">Choose a new password</h2>
      {!token ? (
        <NoToken>{NEW_LINK}</NoToken>
      ) : reset.isSuccess ? (
        <>
          <p className="success" role="status">
            {reset.data.message}
          </p>
          <p className="muted">For your safety, every device that was signed in to your account is signed out.</p>
          <p>
            <a href="#/signin">Sign in</a>
          </p>
        </>
      ) : refused ? (
        <LinkRefused error={reset.error}>{NEW_LINK}</LinkRefused>
      ) : (
        <form onSubmit={submit} noValidate>
          <AccountField
            kind="newPassword"
            name="password"
            label="New password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
            required
          />
          <AccountField
            kind="newPassword"
            name="passwordAgain"
            label="New password again"
            hint={null}
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            error={mismatch ? "The two passwords are not the same" : undefined}
            required
          />
          <FormFailure error={reset.error} fields={errors} />
          <button type="submit" disabled={reset.isPending}>
            {reset.isPending ? "Saving…" : "Save the new password"}
          </button>
        </form>
      )}
    </section>
  );
}
