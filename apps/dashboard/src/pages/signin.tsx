import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { Field } from "../components/field.tsx";
import { FormFailure } from "../components/states.tsx";
import { go } from "../route.ts";
import { useSession } from "../session.tsx";
import { fieldErrors, useTRPC } from "../trpc.ts";

export function SignIn() {
  const trpc = useTRPC();
  const session = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation(trpc.auth.login.mutationOptions());
  const errors = fieldErrors(login.error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await login.mutateAsync({ username, password });
    await session.signedIn();
    go("overview");
  };
  return (
    <section className="card narrow" aria-labelledby="signin-title">
      <h2 id="signin-title">Sign in</h2>
      {session.notice ? (
        <p className="notice" role="status">
          {session.notice}
        </p>
      ) : null}
      <form onSubmit={(event) => void submit(event).catch(() => undefined)} noValidate>
        <Field label="Username" error={errors.username}>
          {(props) => (
            <input
              {...props}
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
          )}
        </Field>
        <Field label="Password" error={errors.password}>
          {(props) => (
            <input
              {...props}
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          )}
        </Field>
        <FormFailure error={login.error} fields={errors} />
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p>
        <a href="#/forgot-password">Forgot your password?</a>
      </p>
      <p>
        No account? <a href="#/register">Register</a>
      </p>
    </section>
  );
}
