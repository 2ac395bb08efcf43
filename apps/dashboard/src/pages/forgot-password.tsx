import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { AccountField } from "../components/account-field.tsx";
import { FormFailure } from "../components/states.tsx";
import { fieldErrors, useTRPC } from "../trpc.ts";

/**
 * "Forgot your password?": the address gets a link to choose a new one. The answer is the same
 * whether or not an account uses the address, so this page never tells who has an account.
 */
export function ForgotPassword() {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const forgot = useMutation(trpc.auth.forgotPassword.mutationOptions());
  const errors = fieldErrors(forgot.error, ["email"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    forgot.mutate({ email });
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
          <AccountField
            kind="email"
            name="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.email}
            required
          />
          <FormFailure error={forgot.error} fields={errors} />
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
