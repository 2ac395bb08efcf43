import { ALERT_MANAGERS, ALERT_SEVERITIES, ALERT_TYPES } from "@govconnect/contracts";
import type { RouterInputs } from "@govconnect/router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { Badge } from "../components/badge.tsx";
import { Field } from "../components/field.tsx";
import { Empty, FormFailure, QueryState } from "../components/states.tsx";
import { useSession } from "../session.tsx";
import { errorMessage, fieldErrors, useTRPC } from "../trpc.ts";

type NewAlert = RouterInputs["alerts"]["create"];

function CreateAlert() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<NewAlert>({ type: "System", severity: "MEDIUM", message: "" });
  const create = useMutation(
    trpc.alerts.create.mutationOptions({
      onSuccess: () => {
        setForm((f) => ({ ...f, message: "" }));
        void queryClient.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() });
      },
    }),
  );
  const errors = fieldErrors(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };
  return (
    <section className="card" aria-labelledby="create-alert-title">
      <h3 id="create-alert-title">Raise an alert</h3>
      <form onSubmit={submit} noValidate className="grid-form">
        <Field label="Type" error={errors.type}>
          {(props) => (
            <select
              {...props}
              value={form.type}
              onChange={(e) => setForm((f) => ({ ...f, type: e.target.value as NewAlert["type"] }))}
            >
              {ALERT_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Severity" error={errors.severity}>
          {(props) => (
            <select
              {...props}
              value={form.severity}
              onChange={(e) => setForm((f) => ({ ...f, severity: e.target.value as NewAlert["severity"] }))}
            >
              {ALERT_SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Message" error={errors.message}>
          {(props) => (
            <textarea
              {...props}
              rows={2}
              value={form.message}
              onChange={(e) => setForm((f) => ({ ...f, message: e.target.value }))}
            />
          )}
        </Field>
        <FormFailure error={create.error} fields={errors} />
        {create.isSuccess ? (
          <p className="success" role="status">
            {create.data.repeated ? "Added to the open alert it repeats" : "Alert raised"}.
          </p>
        ) : null}
        <button type="submit" disabled={create.isPending}>
          Raise alert
        </button>
      </form>
    </section>
  );
}

export function Alerts() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { me } = useSession();
  const [status, setStatus] = useState<"open" | "resolved" | "all">("open");
  const list = useQuery({ ...trpc.alerts.list.queryOptions({ status, limit: 50 }), refetchInterval: 15_000 });
  const settle = { onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }) };
  const acknowledge = useMutation(trpc.alerts.acknowledge.mutationOptions(settle));
  const resolve = useMutation(trpc.alerts.resolve.mutationOptions(settle));
  // The server decides who may handle which alert; citizens only read them.
  const handles = me !== null && ALERT_MANAGERS.includes(me.role);
  const actionError = acknowledge.error ?? resolve.error;
  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      {handles ? <CreateAlert /> : null}
      <section className="card" aria-labelledby="alert-list-title">
        <div className="section-head">
          <h3 id="alert-list-title">
            {status === "open" ? "Open alerts" : status === "resolved" ? "Resolved alerts" : "All alerts"}
          </h3>
          <Field label="Show">
            {(props) => (
              <select {...props} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
                <option value="open">Open</option>
                <option value="resolved">Resolved</option>
                <option value="all">All</option>
              </select>
            )}
          </Field>
        </div>
        {actionError ? (
          <p className="error-text" role="alert">
            {errorMessage(actionError)}
          </p>
        ) : null}
        <QueryState query={list} what="alerts">
          {(data) =>
            data.alerts.length === 0 ? (
              <Empty>No alerts here. All quiet.</Empty>
            ) : (
              <ul className="alert-list">
                {data.alerts.map((alert) => (
                  <li key={alert.id} className={`alert-item severity-${alert.severity.toLowerCase()}`}>
                    <div>
                      <Badge value={alert.severity} /> <strong>{alert.type}</strong> · {alert.source}
                      {alert.occurrences > 1 ? <span className="muted"> · reported {alert.occurrences}×</span> : null}
                      <p>{alert.message}</p>
                      <small className="muted">
                        {new Date(alert.createdAt).toLocaleString()} · <Badge value={alert.status} />
                      </small>
                    </div>
                    {handles && alert.status !== "resolved" ? (
                      <div className="actions">
                        {alert.status === "active" ? (
                          <button
                            type="button"
                            className="secondary"
                            onClick={() => acknowledge.mutate({ id: alert.id })}
                          >
                            Acknowledge
                          </button>
                        ) : null}
                        <button type="button" className="secondary" onClick={() => resolve.mutate({ id: alert.id })}>
                          Resolve
                        </button>
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
            )
          }
        </QueryState>
      </section>
    </section>
  );
}
