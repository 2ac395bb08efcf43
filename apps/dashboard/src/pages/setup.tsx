import { useMutation, useQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { NewAccountFields } from "../components/account-field.tsx";
import { required, useFormProblems } from "../components/error-summary.tsx";
import { Field } from "../components/field.tsx";
import { QueryState } from "../components/states.tsx";
import { isPlain } from "../messages.ts";
import { homeOf } from "../navigation.ts";
import { go, href } from "../route.ts";
import { useSession } from "../session.tsx";
import { useTRPC } from "../trpc.ts";
import { newAccountProblems } from "./register.tsx";

/** Once an administrator exists, the setup page only says so. */
export function SetupDone() {
  const { me } = useSession();
  return (
    <section className="card narrow" aria-labelledby="setup-title">
      <h2 id="setup-title">Setup is done</h2>
      <p>This GovConnect already has an administrator account.</p>
      <p>{me ? <a href={href(homeOf(me.role))}>Go to your home page</a> : <a href="#/signin">Sign in</a>}</p>
    </section>
  );
}

/** The setup page as its link opens it: the form while the install needs it, else "setup is done". */
export function SetupPage() {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.setupStatus.queryOptions());
  return (
    <QueryState query={status} what="the setup">
      {(data) => (data.needed ? <Setup /> : <SetupDone />)}
    </QueryState>
  );
}

/**
 * A fresh install's first page: the administrator account, made with the setup code the server
 * printed when it started (so only whoever runs the server can claim it), then signed in.
 */
export function Setup() {
  const trpc = useTRPC();
  const session = useSession();
  const [form, setForm] = useState({ code: "", username: "", fullName: "", email: "", password: "" });
  const setup = useMutation(trpc.auth.setup.mutationOptions());
  const login = useMutation(trpc.auth.login.mutationOptions());
  // The API's words for a missing or malformed code name the field; say it as a person would.
  const problems = useFormProblems("setup", setup.error ?? login.error, {
    code: (message) =>
      isPlain(message) && !/^code\b/.test(message)
        ? message
        : "Enter the setup code exactly as printed, like ABCD-EFGH-JKMN",
  });
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => {
    problems.edited(key);
    setForm((current) => ({ ...current, [key]: event.target.value }));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = [
      ...required("code", form.code, "Enter the setup code exactly as printed, like ABCD-EFGH-JKMN"),
      ...newAccountProblems(form),
    ];
    if (!problems.check(found)) return;
    await setup.mutateAsync(form);
    await login.mutateAsync({ username: form.username, password: form.password });
    await session.signedIn();
    go("overview");
  };
  if (setup.isError && setup.error.data?.code === "CONFLICT" && !problems.of("username") && !problems.of("email")) {
    // Someone finished setup first.
    return <SetupDone />;
  }
  return (
    <section className="card narrow" aria-labelledby="setup-title">
      <h2 id="setup-title">Create the administrator account</h2>
      <p>
        Welcome to GovConnect. This new installation has no administrator yet: create that account first. You can invite
        everyone else from it.
      </p>
      <form onSubmit={(event) => void submit(event).catch(() => undefined)} noValidate>
        {problems.summary}
        <Field
          id={problems.id("code")}
          label="Setup code"
          error={problems.of("code")}
          hint="Printed in the server's start-up output, like ABCD-EFGH-JKMN. Ask whoever started GovConnect."
        >
          {(props) => (
            <input
              {...props}
              name="code"
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="characters"
              value={form.code}
              onChange={set("code")}
            />
          )}
        </Field>
        <NewAccountFields
          form={form}
          set={set}
          errors={Object.fromEntries(Object.keys(form).map((key) => [key, problems.of(key)]))}
          ids={problems.id}
        />
        <button type="submit" disabled={setup.isPending || login.isPending}>
          {setup.isPending || login.isPending ? "Creating…" : "Create the administrator account"}
        </button>
      </form>
    </section>
  );
}
