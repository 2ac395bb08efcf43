import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { AccountField } from "../components/account-field.tsx";
import { useFormProblems } from "../components/error-summary.tsx";
import { useTRPC } from "../trpc.ts";
import { newAccountProblems } from "./register.tsx";

/**
 * "Forgot your password?": the address gets a link to choose a new one. The answer is the same
 * whether or not an account uses the address, so this page never tells who has an account.
 */
export function ForgotPassword() {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const forgot = useMutation(trpc.auth.forgotPassword.mutationOptions());
  const problems = useFormProblems("forgot", forgot.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.check(newAccountProblems({ email }))) forgot.mutate({ email: email.trim() });
  };
  return (
    <section className="card narrow" aria-labelledby="forgot-title">
      <h2 id="forgot-title">Forgot your password?</h2>
      {forgot.isSuccess ? (
        <>
          <p className="success" role="status">
            {forgot.data.message}
          </p>
          <p className="muted">
            No email after a few minutes? Check your spam folder, or{" "}
            <button type="button" className="link" onClick={() => forgot.reset()}>
              try another address
            </button>
            .
          </p>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>Enter the email address of your account. We will send it a link to choose a new password.</p>
          {problems.summary}
          <AccountField
            kind="email"
            name="email"
            id={problems.id("email")}
            value={email}
            onChange={(e) => {
              problems.edited("email");
              setEmail(e.target.value);
            }}
            error={problems.of("email")}
            required
          />
          <button type="submit" disabled={forgot.isPending}>
            {forgot.isPending ? "Sending…" : "Send me a link"}
          </button>
        </form>
      )}
      <p>
        Remembered it? <a href="#/signin">Sign in</a>
      </p>
    </section>
  );
}
