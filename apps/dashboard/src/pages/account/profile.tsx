import type { RouterInputs } from "@govconnect/router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { AccountField } from "../../components/account-field.tsx";
import { FormFailure } from "../../components/states.tsx";
import { addressToConfirm, ResendConfirmation } from "../../email-banner.tsx";
import type { Me } from "../../session.tsx";
import { useSession } from "../../session.tsx";
import { fieldErrors, useTRPC } from "../../trpc.ts";

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
  const errors = fieldErrors(update.error, ["fullName"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ fullName } satisfies Changes);
  };
  return (
    <section className="card" aria-labelledby="name-title">
      <h3 id="name-title">Your name</h3>
      <form onSubmit={submit} noValidate className="grid-form">
        <AccountField
          kind="fullName"
          name="fullName"
          value={fullName}
          onChange={(e) => {
            setFullName(e.target.value);
            update.reset();
          }}
          error={errors.fullName}
        />
        <FormFailure error={update.error} fields={errors} />
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
  const errors = fieldErrors(update.error, ["email", "currentPassword"]);
  const waiting = addressToConfirm(me);
  const submit = (event: FormEvent) => {
    event.preventDefault();
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
        <AccountField
          kind="email"
          name="email"
          label="New email address"
          value={form.email}
          onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
          error={errors.email}
        />
        <AccountField
          kind="currentPassword"
          name="currentPassword"
          hint="To make sure it is you"
          value={form.currentPassword}
          onChange={(e) => setForm((f) => ({ ...f, currentPassword: e.target.value }))}
          error={errors.currentPassword}
        />
        <FormFailure error={update.error} fields={errors} />
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
  const [mismatch, setMismatch] = useState(false);
  const errors = fieldErrors(update.error, ["currentPassword", "newPassword"]);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [key]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const differ = form.newPassword !== form.again;
    setMismatch(differ);
    if (differ) return;
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
        <AccountField
          kind="currentPassword"
          name="currentPassword"
          value={form.currentPassword}
          onChange={set("currentPassword")}
          error={errors.currentPassword}
        />
        <AccountField
          kind="newPassword"
          name="newPassword"
          label="New password"
          value={form.newPassword}
          onChange={set("newPassword")}
          error={errors.newPassword}
        />
        <AccountField
          kind="newPassword"
          name="newPasswordAgain"
          label="New password again"
          hint={null}
          value={form.again}
          onChange={set("again")}
          error={mismatch ? "The two new passwords are not the same" : undefined}
        />
        <FormFailure error={update.error} fields={errors} />
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
