import type { RouterInputs } from "@govconnect/router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { AccountField } from "../../components/account-field.tsx";
import { required, useFormProblems } from "../../components/error-summary.tsx";
import { addressToConfirm, ResendConfirmation } from "../../email-banner.tsx";
import type { Me } from "../../session.tsx";
import { useSession } from "../../session.tsx";
import { useTRPC } from "../../trpc.ts";
import { newAccountProblems } from "../register.tsx";

type Changes = RouterInputs["auth"]["updateMe"];

/**
 * `auth.updateMe`, then the session reads the account again (the masthead, the banner), and the
 * security activity shows the change.
 */
function useUpdateMe() {
  const trpc = useTRPC();
  const session = useSession();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.auth.updateMe.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.auth.securityEvents.pathKey() });
        return session.refresh();
      },
    }),
  );
}

export function NameForm({ me }: { readonly me: Me }) {
  const update = useUpdateMe();
  const [fullName, setFullName] = useState(me.fullName);
  const problems = useFormProblems("name", update.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.check(required("fullName", fullName, "Enter your full name"))) {
      update.mutate({ fullName } satisfies Changes);
    }
  };
  return (
    <section className="card" aria-labelledby="name-title">
      <h3 id="name-title">Your name</h3>
      <form onSubmit={submit} noValidate className="grid-form">
        {problems.summary}
        <AccountField
          kind="fullName"
          name="fullName"
          id={problems.id("fullName")}
          value={fullName}
          onChange={(e) => {
            setFullName(e.target.value);
            problems.edited("fullName");
            update.reset();
          }}
          error={problems.of("fullName")}
        />
        {update.isSuccess ? (
          <p className="success" role="status">
            Your name is saved.
          </p>
        ) : null}
        <button type="submit" disabled={update.isPending || fullName.trim() === me.fullName}>
          {update.isPending ? "Saving…" : "Save name"}
        </button>
      </form>
    </section>
  );
}

export function EmailForm({ me }: { readonly me: Me }) {
  const update = useUpdateMe();
  const [form, setForm] = useState({ email: "", currentPassword: "" });
  const problems = useFormProblems("email", update.error);
  const waiting = addressToConfirm(me);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = [
      ...newAccountProblems({ email: form.email }),
      ...required("currentPassword", form.currentPassword, "Enter your current password"),
    ];
    if (!problems.check(found)) return;
    update.mutate(form satisfies Changes, { onSuccess: () => setForm({ email: "", currentPassword: "" }) });
  };
  return (
    <section className="card" aria-labelledby="email-title">
      <h3 id="email-title">Your email address</h3>
      <dl className="facts">
        <dt>In use</dt>
        <dd>
          {me.email} {me.emailVerified ? "(confirmed)" : "(not confirmed yet)"}
        </dd>
        {me.pendingEmail ? (
          <>
            <dt>Waiting for confirmation</dt>
            <dd>{me.pendingEmail}</dd>
          </>
        ) : null}
      </dl>
      {waiting ? (
        // A status: after a change of address it is what tells where the link went.
        <div className="notice" role="status">
          <p>
            We sent a link to {waiting}. Open it to confirm the address.{" "}
            {me.pendingEmail ? `Until then, GovConnect keeps using ${me.email}.` : null}
          </p>
          <ResendConfirmation />
        </div>
      ) : null}
      <form onSubmit={submit} noValidate className="grid-form">
        {problems.summary}
        <AccountField
          kind="email"
          name="email"
          id={problems.id("email")}
          label="New email address"
          value={form.email}
          onChange={(e) => {
            problems.edited("email");
            setForm((f) => ({ ...f, email: e.target.value }));
          }}
          error={problems.of("email")}
        />
        <AccountField
          kind="currentPassword"
          name="currentPassword"
          id={problems.id("currentPassword")}
          hint="To make sure it is you"
          value={form.currentPassword}
          onChange={(e) => {
            problems.edited("currentPassword");
            setForm((f) => ({ ...f, currentPassword: e.target.value }));
          }}
          error={problems.of("currentPassword")}
        />
        {update.isSuccess && !update.data.pendingEmail ? (
          <p className="success" role="status">
            Your email address is saved.
          </p>
        ) : null}
        <button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Change email address"}
        </button>
      </form>
    </section>
  );
}

export function PasswordForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useUpdateMe();
  const [form, setForm] = useState({ currentPassword: "", newPassword: "", again: "" });
  const problems = useFormProblems("password", update.error);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => {
    problems.edited(key === "again" ? "newPasswordAgain" : key);
    setForm((current) => ({ ...current, [key]: event.target.value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = [
      ...required("currentPassword", form.currentPassword, "Enter your current password"),
      ...required("newPassword", form.newPassword, "Enter a new password"),
      ...(form.newPassword && form.newPassword !== form.again
        ? [
            {
              field: "newPasswordAgain",
              message: "The two new passwords are not the same: type the new password again",
            },
          ]
        : []),
    ];
    if (!problems.check(found)) return;
    update.mutate({ currentPassword: form.currentPassword, newPassword: form.newPassword } satisfies Changes, {
      onSuccess: () => {
        setForm({ currentPassword: "", newPassword: "", again: "" });
        // The other devices were signed out.
        void queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
      },
    });
  };
  return (
    <section className="card" aria-labelledby="password-title">
      <h3 id="password-title">Your password</h3>
      <form onSubmit={submit} noValidate className="grid-form">
        {problems.summary}
        <AccountField
          kind="currentPassword"
          name="currentPassword"
          id={problems.id("currentPassword")}
          value={form.currentPassword}
          onChange={set("currentPassword")}
          error={problems.of("currentPassword")}
        />
        <AccountField
          kind="newPassword"
          name="newPassword"
          id={problems.id("newPassword")}
          label="New password"
          value={form.newPassword}
          onChange={set("newPassword")}
          error={problems.of("newPassword")}
        />
        <AccountField
          kind="newPassword"
          name="newPasswordAgain"
          id={problems.id("newPasswordAgain")}
          label="New password again"
          hint={null}
          value={form.again}
          onChange={set("again")}
          error={problems.of("newPasswordAgain")}
        />
        {update.isSuccess ? (
          <p className="success" role="status">
            Your password is changed. Any other devices signed in to your account were signed out.
          </p>
        ) : null}
        <button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
