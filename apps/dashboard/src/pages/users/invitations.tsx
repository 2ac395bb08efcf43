import type { UserRole } from "@govconnect/contracts";
import { ROLE_LABELS } from "@govconnect/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { Field } from "../../components/field.tsx";
import { RoleOptions } from "../../components/role-options.tsx";
import { Empty, FormFailure, QueryState } from "../../components/states.tsx";
import { fieldErrors, useTRPC } from "../../trpc.ts";
import type { Invitation } from "./types.ts";

/** "Invite someone": a link to make an account with a role is emailed to the address. */
export function InviteForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<{ email: string; fullName: string; role: UserRole | "" }>({
    email: "",
    fullName: "",
    role: "",
  });
  const [noRole, setNoRole] = useState(false);
  const invite = useMutation(
    trpc.users.invite.mutationOptions({
      onSuccess: () => {
        setForm({ email: "", fullName: "", role: "" });
        void queryClient.invalidateQueries({ queryKey: trpc.users.invitations.queryKey() });
      },
    }),
  );
  const errors = fieldErrors(invite.error, ["email", "fullName", "role"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { role } = form;
    setNoRole(role === "");
    if (role === "") return;
    invite.mutate({ email: form.email, fullName: form.fullName, role });
  };
  return (
    <section className="card" aria-labelledby="invite-title">
      <h3 id="invite-title">Invite someone</h3>
      <p className="muted">
        They get an email with a link to choose their username and password. Their account has the role you choose here,
        and their email address is confirmed by the link.
      </p>
      <form onSubmit={submit} noValidate className="grid-form">
        <Field label="Email" error={errors.email}>
          {(props) => (
            <input
              {...props}
              name="email"
              type="email"
              autoComplete="off"
              value={form.email}
              onChange={(e) => setForm((f) => ({ ...f, email: e.target.value }))}
            />
          )}
        </Field>
        <Field label="Full name" error={errors.fullName}>
          {(props) => (
            <input
              {...props}
              name="fullName"
              autoComplete="off"
              value={form.fullName}
              onChange={(e) => setForm((f) => ({ ...f, fullName: e.target.value }))}
            />
          )}
        </Field>
        <Field label="Role" error={noRole ? "Choose the role of their account" : errors.role}>
          {(props) => (
            <select
              {...props}
              value={form.role}
              onChange={(e) => {
                setNoRole(false);
                setForm((f) => ({ ...f, role: e.target.value as UserRole | "" }));
              }}
            >
              <option value="">Choose a role</option>
              <RoleOptions />
            </select>
          )}
        </Field>
        <FormFailure error={invite.error} fields={errors} />
        {invite.isSuccess ? (
          <p className="success" role="status">
            Invitation sent to {invite.data.fullName} at {invite.data.email}, as {ROLE_LABELS[invite.data.role]}. The
            link works until {new Date(invite.data.expiresAt).toLocaleString()}.
          </p>
        ) : null}
        <button type="submit" disabled={invite.isPending}>
          {invite.isPending ? "Sending…" : "Send the invitation"}
        </button>
      </form>
    </section>
  );
}

/** Invitations not accepted yet, each withdrawable (after a confirmation). */
export function OpenInvitations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.users.invitations.queryOptions());
  const [withdrawing, setWithdrawing] = useState<Invitation | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.users.revokeInvitation.mutationOptions({
      onSuccess: (_, input) => {
        const who = withdrawing?.id === input.id ? withdrawing.fullName : "them";
        setWithdrawing(null);
        setDone(`The invitation to ${who} is withdrawn: its link no longer works`);
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.users.invitations.queryKey() }),
    }),
  );
  return (
    <section className="card" aria-labelledby="invitations-title">
      <h3 id="invitations-title">Open invitations</h3>
      {done ? (
        <p className="success" role="status">
          {done}.
        </p>
      ) : null}
      <QueryState query={invitations} what="invitations">
        {(data) =>
          data.length === 0 ? (
            <Empty>No open invitations.</Empty>
          ) : (
            <DataTable
              caption="Invitations not accepted yet, newest first"
              rows={data}
              rowKey={(invitation) => invitation.id}
              rowTestId={(invitation) => `invitation-${invitation.email}`}
              columns={[
                { header: "Name", cell: (invitation) => invitation.fullName },
                { header: "Email", cell: (invitation) => <span className="break">{invitation.email}</span> },
                { header: "Role", cell: (invitation) => ROLE_LABELS[invitation.role] },
                { header: "Invited by", cell: (invitation) => invitation.invitedBy ?? "—" },
                { header: "Sent", cell: (invitation) => new Date(invitation.createdAt).toLocaleString() },
                { header: "Works until", cell: (invitation) => new Date(invitation.expiresAt).toLocaleString() },
                {
                  header: "Action",
                  cell: (invitation) => (
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        revoke.reset();
                        setDone(null);
                        setWithdrawing(invitation);
                      }}
                      aria-label={`Withdraw the invitation to ${invitation.fullName}`}
                    >
                      Withdraw
                    </button>
                  ),
                },
              ]}
            />
          )
        }
      </QueryState>
      {withdrawing ? (
        <ConfirmDialog
          title={`Withdraw the invitation to ${withdrawing.fullName}?`}
          confirmLabel="Withdraw the invitation"
          danger
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate({ id: withdrawing.id })}
          onCancel={() => setWithdrawing(null)}
        >
          <p>The link sent to {withdrawing.email} will stop working. You can invite them again later.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
