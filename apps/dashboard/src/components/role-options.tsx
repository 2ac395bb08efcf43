import { ROLE_LABELS, USER_ROLES } from "@govconnect/contracts";

/** Every role as an `<option>`, in words: the choices of each role picker. */
export function RoleOptions() {
  return USER_ROLES.map((role) => (
    <option key={role} value={role}>
      {ROLE_LABELS[role]}
    </option>
  ));
}
