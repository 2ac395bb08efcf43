import type { UserRole } from "@govconnect/contracts";
import { ROLE_LABELS } from "@govconnect/contracts";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Badge } from "../../components/badge.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { Field } from "../../components/field.tsx";
import { RoleOptions } from "../../components/role-options.tsx";
import { Empty, QueryState } from "../../components/states.tsx";
import { useFormat } from "../../format.ts";
import { useSession } from "../../session.tsx";
import { useTRPC } from "../../trpc.ts";
import type { AdminUser, UserFilter, UserState } from "./types.ts";
import { STATE_LABELS } from "./types.ts";
import type { UserAction } from "./user-actions.tsx";
import { UserActionDialog } from "./user-actions.tsx";

const PAGE_SIZE = 20;
const STATES = Object.keys(STATE_LABELS) as UserState[];

/** `value`, once it has stopped changing for `ms` (typing in the search box). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Every account, newest first: search, filter by role and state, page through with Next/Previous. */
export function UserList() {
  const trpc = useTRPC();
  const format = useFormat();
  const { me } = useSession();
  const [text, setText] = useState("");
  const [role, setRole] = useState<UserRole | "">("");
  const [state, setState] = useState<UserState | "">("");
  const [action, setAction] = useState<UserAction | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const q = useSettled(text.trim(), 300);
  const filter: UserFilter = { ...(q ? { q } : {}), ...(role ? { role } : {}), ...(state ? { state } : {}) };
  // The cursors of the pages before this one (Next pushes, Previous pops), for this search only:
  // a new search starts at the first page.
  const filterKey = JSON.stringify(filter);
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key: filterKey, cursors: [] });
  const cursors = paging.key === filterKey ? paging.cursors : [];
  const setCursors = (change: (cursors: string[]) => string[]) =>
    setPaging({ key: filterKey, cursors: change(cursors) });
  const cursor = cursors.at(-1);
  const users = useQuery({
    ...trpc.users.list.queryOptions({ ...filter, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  const act = (kind: UserAction["kind"], user: AdminUser) => {
    setDone(null);
    setAction({ kind, user });
  };
  return (
    <section className="card" aria-labelledby="user-list-title">
      <h3 id="user-list-title">Accounts</h3>
      <search className="filters">
        <Field label="Search" hint="Part of a name, username or email address">
          {(props) => (
            <input {...props} type="search" name="q" value={text} onChange={(e) => setText(e.target.value)} />
          )}
        </Field>
        <Field label="Role">
          {(props) => (
            <select {...props} value={role} onChange={(e) => setRole(e.target.value as UserRole | "")}>
              <option value="">Any role</option>
              <RoleOptions />
            </select>
          )}
        </Field>
        <Field label="State">
          {(props) => (
            <select {...props} value={state} onChange={(e) => setState(e.target.value as UserState | "")}>
              <option value="">Any state</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {STATE_LABELS[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </search>
      {done ? (
        <p className="success" role="status">
          {done}.
        </p>
      ) : null}
      <QueryState query={users} what="accounts">
        {(data) => (
          <>
            {data.items.length === 0 ? (
              <Empty>{cursors.length > 0 ? "No more accounts." : "No account matches."}</Empty>
            ) : (
              <DataTable
                caption="Accounts, newest first"
                rows={data.items}
                rowKey={(user) => user.id}
                rowTestId={(user) => `user-${user.username}`}
                columns={[
                  {
                    header: "Name",
                    cell: (user) => (
                      <span>
                        {user.fullName}
                        {user.id === me?.id ? <span className="muted"> (you)</span> : null}
                      </span>
                    ),
                  },
                  { header: "Username", cell: (user) => user.username },
                  {
                    header: "Email",
                    cell: (user) => (
                      <span className="break">
                        {user.email}
                        {user.emailVerified ? null : (
                          <>
                            {" "}
                            <Badge value="unconfirmed" tone="warn" />
                          </>
                        )}
                        {user.pendingEmail ? (
                          <>
                            <br />
                            <small className="muted">changing to {user.pendingEmail}</small>
                          </>
                        ) : null}
                      </span>
                    ),
                  },
                  { header: "Role", cell: (user) => ROLE_LABELS[user.role] },
                  {
                    header: "State",
                    cell: (user) =>
                      user.active ? <Badge value="Active" tone="ok" /> : <Badge value="Deactivated" tone="off" />,
                  },
                  {
                    header: "Two-step",
                    cell: (user) =>
                      user.secondFactor ? <Badge value="On" tone="ok" /> : <span className="muted">Off</span>,
                  },
                  {
                    header: "Last sign-in",
                    cell: (user) => (user.lastSignInAt ? format.dateTime(user.lastSignInAt) : "Never"),
                  },
                  {
                    header: "Actions",
                    cell: (user) => (
                      <div className="actions">
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => act("role", user)}
                          aria-label={`Change role for ${user.fullName}`}
                        >
                          Change role
                        </button>
                        <button
                          type="button"
                          className={user.active ? "danger" : "secondary"}
                          onClick={() => act("active", user)}
                          aria-label={`${user.active ? "Deactivate" : "Reactivate"} ${user.fullName}`}
                        >
                          {user.active ? "Deactivate" : "Reactivate"}
                        </button>
                        {user.secondFactor && user.id !== me?.id ? (
                          <button
                            type="button"
                            className="danger"
                            onClick={() => act("second-factor", user)}
                            aria-label={`Reset two-step verification for ${user.fullName}`}
                          >
                            Reset two-step verification
                          </button>
                        ) : null}
                      </div>
                    ),
                  },
                ]}
              />
            )}
            <nav className="pager" aria-label="Pages of accounts">
              <button
                type="button"
                className="secondary"
                disabled={cursors.length === 0 || users.isFetching}
                onClick={() => setCursors((c) => c.slice(0, -1))}
              >
                Previous
              </button>
              <span aria-live="polite">
                Page {cursors.length + 1}
                {users.isFetching ? <span className="muted"> (loading…)</span> : null}
              </span>
              <button
                type="button"
                className="secondary"
                disabled={!data.nextCursor || users.isFetching}
                onClick={() => {
                  const next = data.nextCursor;
                  if (next) setCursors((c) => [...c, next]);
                }}
              >
                Next
              </button>
            </nav>
          </>
        )}
      </QueryState>
      {action ? (
        <UserActionDialog
          key={`${action.kind}-${action.user.id}`}
          action={action}
          onCancel={() => setAction(null)}
          onDone={(message) => {
            setAction(null);
            setDone(message);
          }}
        />
      ) : null}
    </section>
  );
}
