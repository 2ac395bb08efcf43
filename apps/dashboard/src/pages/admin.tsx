import type { EmailStatus } from "@govconnect/contracts";
import { EMAIL_STATUSES } from "@govconnect/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "../components/badge.tsx";
import { DataTable } from "../components/data-table.tsx";
import { Empty, QueryState } from "../components/states.tsx";
import { errorMessage, useTRPC } from "../trpc.ts";

type Filter = "all" | EmailStatus;

export function Admin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<Filter>("all");
  const emails = useQuery(
    trpc.emails.list.queryOptions({ limit: 50, ...(filter === "all" ? {} : { status: filter }) }),
  );
  const resend = useMutation(
    trpc.emails.resend.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.emails.list.queryKey() }),
    }),
  );
  return (
    <section aria-labelledby="admin-title">
      <h2 id="admin-title">Administration</h2>
      <section className="card">
        <h3>Users</h3>
        <p>
          Accounts, roles, deactivation and invitations: <a href="#/users">manage users</a>.
        </p>
      </section>
      <section className="card">
        <h3>Queues</h3>
        <p>
          Jobs, retries and failures of every queue: <a href="/admin/queues">open the queue board</a>.
        </p>
      </section>
      <section className="card" aria-labelledby="email-log-title">
        <div className="section-head">
          <h3 id="email-log-title">Email delivery log</h3>
          <label>
            Status{" "}
            <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
              {(["all", ...EMAIL_STATUSES] as const).map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        </div>
        {resend.isError ? (
          <p className="error-text" role="alert">
            {errorMessage(resend.error)}
          </p>
        ) : null}
        <QueryState query={emails} what="the delivery log">
          {(data) =>
            data.emails.length === 0 ? (
              <Empty>No emails.</Empty>
            ) : (
              <DataTable
                caption="Emails, newest first"
                rows={data.emails}
                rowKey={(email) => email.id}
                columns={[
                  { header: "Created", cell: (email) => new Date(email.createdAt).toLocaleString() },
                  { header: "To", cell: (email) => email.recipient },
                  { header: "Template", cell: (email) => email.template },
                  {
                    header: "Status",
                    cell: (email) => (
                      <>
                        <Badge value={email.status} />
                        {email.lastError ? <small className="error-text"> {email.lastError}</small> : null}
                      </>
                    ),
                  },
                  {
                    header: "Action",
                    cell: (email) =>
                      email.status === "failed" ? (
                        <button type="button" className="secondary" onClick={() => resend.mutate({ id: email.id })}>
                          Send again
                        </button>
                      ) : null,
                  },
                ]}
              />
            )
          }
        </QueryState>
      </section>
    </section>
  );
}
