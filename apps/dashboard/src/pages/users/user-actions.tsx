import type { UserRole } from "@govconnect/contracts";
import { needsSecondFactor, ROLE_LABELS } from "@govconnect/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { Field } from "../../components/field.tsx";
import { RoleOptions } from "../../components/role-options.tsx";
import { useTRPC } from "../../trpc.ts";
import type { AdminUser } from "./types.ts";

/** What an admin is about to do to an account, waiting for their confirmation. */
export type UserAction = { readonly kind: "role" | "active" | "second-factor"; readonly user: AdminUser };

/**
 * The confirmation of a role change (with the new role chosen in it), of a deactivation or
 * reactivation, or of a reset of two-step verification, naming the person. The server refuses taking one's own admin role, deactivating
 * oneself and leaving no active admin: its words are shown in the dialog.
 */
export function UserActionDialog({
  action,
  onDone,
  onCancel,
}: {
  readonly action: UserAction;
  readonly onDone: (message: string) => void;
  readonly onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user } = action;
  const [role, setRole] = useState<UserRole>(user.role);
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: (updated) => {
        void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        onDone(
          action.kind === "role"
            ? `${updated.fullName} is now ${ROLE_LABELS[updated.role]}`
            : updated.active
              ? `${updated.fullName} is reactivated and can sign in again`
              : `${updated.fullName} is deactivated and signed out everywhere`,
        );
      },
    }),
  );
  const who = `${user.fullName} (${user.username})`;
  if (action.kind === "second-factor")
    return <ResetSecondFactorDialog user={user} onDone={onDone} onCancel={onCancel} />;
  if (action.kind === "role") {
    return (
      <ConfirmDialog
        title={`Change the role of ${user.fullName}?`}
        confirmLabel="Change role"
        pending={update.isPending}
        error={update.error}
        onConfirm={() => (role === user.role ? onCancel() : update.mutate({ id: user.id, role }))}
        onCancel={onCancel}
      >
        <p>
          {who} is {ROLE_LABELS[user.role]} now. The new role applies from their next step; they stay signed in.
        </p>
        <Field label="New role">
          {(props) => (
            <select {...props} value={role} onChange={(e) => setRole(e.target.value as UserRole)}>
              <RoleOptions />
            </select>
          )}
        </Field>
        {role === "admin" && user.role !== "admin" ? (
          <p className="notice">An administrator can see and change everything, including every account.</p>
        ) : null}
      </ConfirmDialog>
    );
  }
  return user.active ? (
    <ConfirmDialog
      title={`Deactivate ${user.fullName}?`}
      confirmLabel={`Deactivate ${user.fullName}`}
      danger
      pending={update.isPending}
      error={update.error}
      onConfirm={() => update.mutate({ id: user.id, active: false })}
      onCancel={onCancel}
    >
      <p>
        {who} will be signed out everywhere at once and cannot sign in until an administrator reactivates the account.
        Nothing of theirs is deleted.
      </p>
    </ConfirmDialog>
  ) : (
    <ConfirmDialog
      title={`Reactivate ${user.fullName}?`}
      confirmLabel={`Reactivate ${user.fullName}`}
      pending={update.isPending}
      error={update.error}
      onConfirm={() => update.mutate({ id: user.id, active: true })}
      onCancel={onCancel}
    >
      <p>
        {who} will be able to sign in again with their password, as {ROLE_LABELS[user.role]}.
      </p>
    </ConfirmDialog>
  );
}

/**
 * Resetting someone's two-step verification (a lost phone and lost recovery codes): their devices
 * are signed out, and they set it up again.
 */
function ResetSecondFactorDialog({
  user,
  onDone,
  onCancel,
}: {
  readonly user: AdminUser;
  readonly onDone: (message: string) => void;
  readonly onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reset = useMutation(
    trpc.users.resetSecondFactor.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
        onDone(`Two-step verification of ${user.fullName} is reset, and their devices are signed out`);
      },
    }),
  );
  return (
    <ConfirmDialog
      title={`Reset two-step verification for ${user.fullName}?`}
      confirmLabel="Reset two-step verification"
      danger
      pending={reset.isPending}
      error={reset.error}
      onConfirm={() => reset.mutate({ id: user.id })}
      onCancel={onCancel}
    >
      <p>
        {user.fullName} ({user.username}) will be signed out on all their devices. Their authenticator app and recovery
        codes stop working for GovConnect.
      </p>
      <p>
        {needsSecondFactor(user)
          ? "Their role needs two-step verification, so they will set it up again the next time they sign in."
          : "They will sign in with their password only, and can set two-step verification up again from My account."}
      </p>
      <p className="muted">
        Do this only once you are sure it is them asking, for example after they lost their phone.
      </p>
    </ConfirmDialog>
  );
}
