import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "../components/badge.tsx";
import { Empty, QueryState } from "../components/states.tsx";
import { errorMessage, useTRPC } from "../trpc.ts";

type Filter = "all" | "queued" | "sent" | "failed" | "cancelled";

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
              {(["all", "queued", "sent", "failed", "cancelled"] as const).map((s) => (
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
              <div className="table-scroll">
                <table className="stack">
                  <caption className="visually-hidden">Emails, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Created</th>
                      <th scope="col">To</th>
                      <th scope="col">Template</th>
                      <th scope="col">Status</th>
                      <th scope="col">Action</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.emails.map((email) => (
                      <tr key={email.id}>
                        <td data-label="Created">{new Date(email.createdAt).toLocaleString()}</td>
                        <td data-label="To">{email.recipient}</td>
                        <td data-label="Template">{email.template}</td>
                        <td data-label="Status">
                          <Badge value={email.status} />
                          {email.lastError ? <small className="error-text"> {email.lastError}</small> : null}
                        </td>
                        <td data-label="Action">
                          {email.status === "failed" ? (
                            <button type="button" className="secondary" onClick={() => resend.mutate({ id: email.id })}>
                              Send again
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryState>
      </section>
    </section>
  );
}
