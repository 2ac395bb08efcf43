import { InviteForm, OpenInvitations } from "./invitations.tsx";
import { UserList } from "./user-list.tsx";

/** Admin → Users: every account (role, deactivation), invitations to new ones. Admins only. */
export function Users() {
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <UserList />
      <InviteForm />
      <OpenInvitations />
    </section>
  );
}
