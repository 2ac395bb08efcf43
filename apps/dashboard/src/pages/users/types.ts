import type { RouterInputs, RouterOutputs } from "@govconnect/router";

/** An account as an admin sees it. */
export type AdminUser = RouterOutputs["users"]["list"]["items"][number];
export type UserFilter = Omit<RouterInputs["users"]["list"], "cursor" | "limit">;
export type UserState = NonNullable<UserFilter["state"]>;
export type Invitation = RouterOutputs["users"]["invitations"][number];

export const STATE_LABELS: Record<UserState, string> = {
  active: "Active",
  deactivated: "Deactivated",
  unconfirmed: "Email not confirmed",
};
