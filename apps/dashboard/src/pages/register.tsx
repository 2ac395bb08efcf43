import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { NewAccountFields } from "../components/account-field.tsx";
import { required, useFormProblems } from "../components/error-summary.tsx";
import { useSession } from "../session.tsx";
import { useTRPC } from "../trpc.ts";

/** A new account's own checks, before it is sent: GOV.UK's "Enter your …" for each empty field. */
export const newAccountProblems = (form: {
  username?: string;
  fullName?: string;
  email?: string;
  password?: string;
}) => [
  ...(form.username === undefined ? [] : required("username", form.username, "Enter a username")),
  ...(form.fullName === undefined ? [] : required("fullName", form.fullName, "Enter your full name")),
  ...(form.email === undefined
    ? []
    : form.email.trim() === ""
      ? [{ field: "email", message: "Enter your email address" }]
      : /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())
        ? []
        : [{ field: "email", message: "Enter an email address in the correct format, like name@example.com" }]),
  ...(form.password === undefined ? [] : required("password", form.password, "Enter a password")),
];

export function Register() {
  const trpc = useTRPC();
  const session = useSession();
  const [form, setForm] = useState({ username: "", fullName: "", email: "", password: "" });
  const register = useMutation(trpc.auth.register.mutationOptions());
  const login = useMutation(trpc.auth.login.mutationOptions());
  const problems = useFormProblems("register", register.error ?? login.error);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => {
    problems.edited(key);
    setForm((current) => ({ ...current, [key]: event.target.value }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!problems.check(newAccountProblems(form))) return;
    await register.mutateAsync(form);
    // Registration sets the session cookie too; signing in makes that explicit and uniform.
    await login.mutateAsync({ username: form.username, password: form.password });
    // The shell takes a signed-in user from this page to their home.
    await session.signedIn();
  };
  return (
    <section className="card narrow" aria-labelledby="register-title">
      <h2 id="register-title">Create an account</h2>
      <form onSubmit={(event) => void submit(event).catch(() => undefined)} noValidate>
        {problems.summary}
        <NewAccountFields
          form={form}
          set={set}
          errors={Object.fromEntries(Object.keys(form).map((key) => [key, problems.of(key)]))}
          ids={problems.id}
        />
        <button type="submit" disabled={register.isPending || login.isPending}>
          {register.isPending ? "Creating…" : "Create account"}
        </button>
      </form>
      <p>
        Have an account? <a href="#/signin">Sign in</a>
      </p>
    </section>
  );
}
