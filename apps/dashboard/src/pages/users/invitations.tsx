import type { UserRole } from "@govconnect/contracts";
import { ROLE_LABELS } from "@govconnect/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { required, useFormProblems } from "../../components/error-summary.tsx";
import { Field } from "../../components/field.tsx";
import { RoleOptions } from "../../components/role-options.tsx";
import { Empty, QueryState } from "../../components/states.tsx";
import { useFormat } from "../../format.ts";
import { useTRPC } from "../../trpc.ts";
import { newAccountProblems } from "../register.tsx";
import type { Invitation } from "./types.ts";

/** "Invite someone": a link to make an account with a role is emailed to the address. */
export function InviteForm() {
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<{ email: string; fullName: string; role: UserRole | "" }>({
    email: "",
    fullName: "",
    role: "",
  });
  const invite = useMutation(
    trpc.users.invite.mutationOptions({
      onSuccess: () => {
        setForm({ email: "", fullName: "", role: "" });
        void queryClient.invalidateQueries({ queryKey: trpc.users.invitations.queryKey() });
      },
    }),
  );
  const problems = useFormProblems("invite", invite.error, { fullName: "Enter their full name" });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { role } = form;
    const found = [
      ...newAccountProblems({ email: form.email }),
      ...required("fullName", form.fullName, "Enter their full name"),
      ...required("role", role, "Choose the role of their account"),
    ];
    if (!problems.check(found) || role === "") return;
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
        {problems.summary}
        <Field id={problems.id("email")} label="Email" error={problems.of("email")}>
          {(props) => (
            <input
              {...props}
              name="email"
              type="email"
              autoComplete="off"
              value={form.email}
              onChange={(e) => {
                problems.edited("email");
                setForm((f) => ({ ...f, email: e.target.value }));
              }}
            />
          )}
        </Field>
        <Field id={problems.id("fullName")} label="Full name" error={problems.of("fullName")}>
          {(props) => (
            <input
              {...props}
              name="fullName"
              autoComplete="off"
              value={form.fullName}
              onChange={(e) => {
                problems.edited("fullName");
                setForm((f) => ({ ...f, fullName: e.target.value }));
              }}
            />
          )}
        </Field>
        <Field id={problems.id("role")} label="Role" error={problems.of("role")}>
          {(props) => (
            <select
              {...props}
              value={form.role}
              onChange={(e) => {
                problems.edited("role");
                setForm((f) => ({ ...f, role: e.target.value as UserRole | "" }));
              }}
            >
              <option value="">Choose a role</option>
              <RoleOptions />
            </select>
          )}
        </Field>
        {invite.isSuccess ? (
          <p className="success" role="status">
            Invitation sent to {invite.data.fullName} at {invite.data.email}, as {ROLE_LABELS[invite.data.role]}. The
            link works until {format.dateTime(invite.data.expiresAt)}.
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
  const format = useFormat();
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
                { header: "Sent", cell: (invitation) => format.dateTime(invitation.createdAt) },
                { header: "Works until", cell: (invitation) => format.dateTime(invitation.expiresAt) },
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
