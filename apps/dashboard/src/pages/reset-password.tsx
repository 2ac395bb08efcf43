import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { AccountField } from "../components/account-field.tsx";
import { required, useFormProblems } from "../components/error-summary.tsx";
import { LinkRefused, NoToken } from "../components/link-refused.tsx";
import { useLinkToken } from "../route.ts";
import { useSession } from "../session.tsx";
import { linkProblem, useTRPC } from "../trpc.ts";

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
  const reset = useMutation(
    trpc.auth.resetPassword.mutationOptions({
      // Every session of the account has ended, this browser's too if it was signed in to it.
      onSuccess: () => void session.refresh(),
    }),
  );
  const problems = useFormProblems("reset", reset.error);
  const refused = linkProblem(reset.error) !== null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = [
      ...required("password", password, "Enter a new password"),
      ...(password && password !== again
        ? [{ field: "passwordAgain", message: "The two passwords are not the same: type the new password again" }]
        : []),
    ];
    if (!problems.check(found) || !token) return;
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
          {problems.summary}
          <AccountField
            kind="newPassword"
            name="password"
            id={problems.id("password")}
            label="New password"
            value={password}
            onChange={(e) => {
              problems.edited("password");
              setPassword(e.target.value);
            }}
            error={problems.of("password")}
            required
          />
          <AccountField
            kind="newPassword"
            name="passwordAgain"
            id={problems.id("passwordAgain")}
            label="New password again"
            hint={null}
            value={again}
            onChange={(e) => {
              problems.edited("passwordAgain");
              setAgain(e.target.value);
            }}
            error={problems.of("passwordAgain")}
            required
          />
          <button type="submit" disabled={reset.isPending}>
            {reset.isPending ? "Saving…" : "Save the new password"}
          </button>
        </form>
      )}
    </section>
  );
}
