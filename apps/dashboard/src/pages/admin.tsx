import type { EmailStatus } from "@govconnect/contracts";
import { EMAIL_STATUSES } from "@govconnect/contracts";
import type { RouterInputs, RouterOutputs } from "@govconnect/router";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "../components/badge.tsx";
import { DataTable } from "../components/data-table.tsx";
import { Field } from "../components/field.tsx";
import { SearchBox } from "../components/search-box.tsx";
import { ShowMore } from "../components/show-more.tsx";
import { Empty, QueryState } from "../components/states.tsx";
import { useFormat } from "../format.ts";
import { useHashQuery } from "../hash-query.ts";
import { errorMessage, plainOr } from "../messages.ts";
import { go } from "../route.ts";
import { useTRPC, useTRPCClient } from "../trpc.ts";
import "../staff.css";

type LogInput = Extract<RouterInputs["emails"]["list"], object>;
type Email = RouterOutputs["emails"]["list"]["emails"][number];

const PAGE = 50;

const STATUS_LABEL: Readonly<Record<EmailStatus, string>> = {
  queued: "Queued",
  sent: "Sent",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** What kind of email a template makes, in words: the log's stand-in for an email never rendered (no subject). */
const TEMPLATE_WORDS: Readonly<Record<string, string>> = {
  welcome: "Welcome",
  appointment_scheduled: "Appointment booked",
  appointment_status: "Appointment status changed",
  appointment_reminder: "Appointment reminder",
  email_verification: "Confirm your email address",
  email_changed: "Email address changed",
  password_reset: "Reset your password",
  password_changed: "Password changed",
  invitation: "Invitation",
  new_sign_in: "New sign-in",
  second_factor_changed: "Two-step verification changed",
};

const templateWords = (template: string) => {
  const words = TEMPLATE_WORDS[template] ?? template.replace(/[_-]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A sentence's first letter in capitals ("the account has no…" → "The account has no…"). */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const isStatus = (value: string | null): value is EmailStatus =>
  (EMAIL_STATUSES as readonly string[]).includes(value ?? "");

/** The log's search and status filter, kept in the address (`#/admin?q=…&status=failed`). */
function useLogFilter() {
  const params = useHashQuery();
  const q = (params.get("q") ?? "").trim().slice(0, 254);
  const status = params.get("status");
  return { q, status: isStatus(status) ? status : null };
}
type LogFilter = ReturnType<typeof useLogFilter>;

const show = (filter: LogFilter) =>
  go("admin", { ...(filter.q ? { q: filter.q } : {}), ...(filter.status ? { status: filter.status } : {}) });

/** The log newest first, 50 at a time: "Show more" asks for the ones before the last shown. */
function useEmailLog(filter: LogFilter) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input: LogInput = {
    limit: PAGE,
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.q ? { search: filter.q } : {}),
  };
  return useInfiniteQuery({
    queryKey: [...trpc.emails.list.queryKey(input), "pages"],
    queryFn: ({ pageParam, signal }) =>
      client.emails.list.query({ ...input, ...(pageParam ? { before: pageParam } : {}) }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
  });
}

/** The email delivery log (admins): subject, recipient and delivery state of every email, searchable. */
export function Admin() {
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const filter = useLogFilter();
  const log = useEmailLog(filter);
  const [resent, setResent] = useState<string | null>(null);
  const resend = useMutation(
    trpc.emails.resend.mutationOptions({
      onSuccess: (email) => setResent(`Sending again to ${email.recipient}.`),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.emails.list.pathKey() }),
    }),
  );
  const status = (email: Email) => (
    <span className="stacked">
      <Badge value={STATUS_LABEL[email.status]} tone={email.status} />
      {email.status === "failed" ? (
        <small className="error-text">{plainOr(email.lastError, "The email service did not accept it.")}</small>
      ) : email.status === "cancelled" && email.lastError ? (
        <small className="muted">{sentence(plainOr(email.lastError, "No longer needed."))}</small>
      ) : null}
      {email.status === "failed" ? (
        <button
          type="button"
          className="secondary"
          disabled={resend.isPending}
          onClick={() => {
            setResent(null);
            resend.mutate({ id: email.id });
          }}
        >
          Send again<span className="visually-hidden"> to {email.recipient}</span>
        </button>
      ) : null}
    </span>
  );
  return (
    <section aria-labelledby="admin-title">
      <h2 id="admin-title">Email log</h2>
      <section className="card" aria-labelledby="email-log-title">
        <h3 id="email-log-title">Emails GovConnect sent, newest first</h3>
        <div className="log-filters">
          <SearchBox
            key={filter.q}
            label="Search by recipient or subject"
            hint="Part of an email address or of a subject"
            value={filter.q}
            onSearch={(q) => show({ ...filter, q })}
          />
          <Field label="Status">
            {(props) => (
              <select
                {...props}
                value={filter.status ?? ""}
                onChange={(event) =>
                  show({ ...filter, status: isStatus(event.target.value) ? event.target.value : null })
                }
              >
                <option value="">Any status</option>
                {EMAIL_STATUSES.map((value) => (
                  <option key={value} value={value}>
                    {STATUS_LABEL[value]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {resend.isError ? (
          <p className="failed" role="alert">
            {errorMessage(resend.error)}
          </p>
        ) : resent ? (
          <p className="success" role="status">
            {resent}
          </p>
        ) : null}
        <QueryState query={log} what="the email log">
          {(data) => {
            const emails = data.pages.flatMap((page) => page.emails);
            if (emails.length === 0) {
              return (
                <Empty>
                  {filter.q || filter.status ? "No emails match this search." : "No emails have been sent yet."}
                </Empty>
              );
            }
            return (
              <>
                <DataTable
                  caption="Emails, newest first"
                  rows={emails}
                  rowKey={(email) => email.id}
                  columns={[
                    {
                      header: "When",
                      cell: (email) => (
                        <span className="nowrap">{format.dateTime(email.sentAt ?? email.createdAt)}</span>
                      ),
                    },
                    { header: "To", cell: (email) => <span className="break">{email.recipient}</span> },
                    {
                      header: "Subject",
                      cell: (email) =>
                        // Not rendered yet (queued), or never (cancelled): what kind of email it is.
                        email.subject ?? <span className="muted">{templateWords(email.template)} email</span>,
                    },
                    { header: "Status", cell: status },
                  ]}
                />
                <p className="list-more" aria-live="polite">
                  {log.hasNextPage
                    ? `Showing the newest ${format.number(emails.length)}`
                    : `Showing all ${format.number(emails.length)} ${emails.length === 1 ? "email" : "emails"}`}
                  <ShowMore list={log} label={`Show ${PAGE} more`} />
                </p>
              </>
            );
          }}
        </QueryState>
      </section>
      <section className="card" aria-labelledby="queues-title">
        <h3 id="queues-title">Queues</h3>
        <p>
          Jobs, retries and failures of every queue:{" "}
          <a href="/admin/queues" target="_blank" rel="noopener">
            open the queue board (in a new tab)
          </a>
          .
        </p>
      </section>
    </section>
  );
}
