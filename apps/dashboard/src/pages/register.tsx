import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { NewAccountFields } from "../components/account-field.tsx";
import { FormFailure } from "../components/states.tsx";
import { go } from "../route.ts";
import { useSession } from "../session.tsx";
import { fieldErrors, useTRPC } from "../trpc.ts";

export function Register() {
  const trpc = useTRPC();
  const session = useSession();
  const [form, setForm] = useState({ username: "", fullName: "", email: "", password: "" });
  const register = useMutation(trpc.auth.register.mutationOptions());
  const login = useMutation(trpc.auth.login.mutationOptions());
  const errors = fieldErrors(register.error);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [key]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await register.mutateAsync(form);
    // Registration sets the session cookie too; signing in makes that explicit and uniform.
    await login.mutateAsync({ username: form.username, password: form.password });
    await session.signedIn();
    go("overview");
  };
  return (
    <section className="card narrow" aria-labelledby="register-title">
      <h2 id="register-title">Create an account</h2>
      <form onSubmit={(event) => void submit(event).catch(() => undefined)} noValidate>
        <NewAccountFields form={form} set={set} errors={errors} />
        <FormFailure error={register.error} fields={errors} />
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
