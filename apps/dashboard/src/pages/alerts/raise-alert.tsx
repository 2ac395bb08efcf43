import type { AlertType } from "@govconnect/contracts";
import { ALERT_SEVERITIES } from "@govconnect/contracts";
import type { RouterInputs, RouterOutputs } from "@govconnect/router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { required, useFormProblems } from "../../components/error-summary.tsx";
import { Field } from "../../components/field.tsx";
import { useTRPC } from "../../trpc.ts";
import { SEVERITY_LABEL } from "./words.ts";

type NewAlert = RouterInputs["alerts"]["create"];
type Raised = RouterOutputs["alerts"]["create"];

const MESSAGE_MAX = 1000;

const WORDS = {
  type: "Choose a sector you may raise alerts for",
  severity: "Choose how severe it is",
  message: `Describe what is wrong in ${MESSAGE_MAX} characters or fewer`,
};

/** What raising did, in words: a new alert, or a repeat folded into the open one (perhaps escalating it). */
function raisedWords({ alert, repeated }: Raised): string {
  if (!repeated) return `Alert raised: ${SEVERITY_LABEL[alert.severity]}, ${alert.type}. It is in the list below.`;
  const escalated =
    alert.severity !== alert.raisedSeverity
      ? ` It is now ${SEVERITY_LABEL[alert.severity]} (escalated from ${SEVERITY_LABEL[alert.raisedSeverity]}).`
      : "";
  return `This repeats an open alert, so it was added to it: reported ${alert.occurrences} times.${escalated}`;
}

/** Raise an alert: only the sectors the user may raise alerts for are offered. */
export function RaiseAlert({ types }: { readonly types: readonly AlertType[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const first = types[0];
  const [form, setForm] = useState<NewAlert | null>(first ? { type: first, severity: "MEDIUM", message: "" } : null);
  const create = useMutation(
    trpc.alerts.create.mutationOptions({
      onSuccess: () => {
        setForm((current) => (current ? { ...current, message: "" } : current));
        void queryClient.invalidateQueries({ queryKey: trpc.alerts.list.pathKey() });
      },
    }),
  );
  const problems = useFormProblems("raise", create.error, WORDS);
  if (!form) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = [
      ...required("message", form.message, "Describe what is wrong"),
      ...(form.message.trim().length > MESSAGE_MAX ? [{ field: "message", message: WORDS.message }] : []),
    ];
    if (!problems.check(found)) return;
    create.mutate({ ...form, message: form.message.trim() });
  };
  return (
    // Closed at first, so the list is what the page opens on.
    <details className="card raise-alert">
      <summary>
        <h3 id="raise-alert-title">Raise an alert</h3>
      </summary>
      {problems.summary}
      <form onSubmit={submit} noValidate className="grid-form raise-form">
        <Field id={problems.id("type")} label="Sector" error={problems.of("type")}>
          {(props) => (
            <select
              {...props}
              value={form.type}
              onChange={(event) => {
                problems.edited("type");
                setForm({ ...form, type: event.target.value as AlertType });
              }}
            >
              {types.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={problems.id("severity")} label="Severity" error={problems.of("severity")}>
          {(props) => (
            <select
              {...props}
              value={form.severity}
              onChange={(event) => {
                problems.edited("severity");
                setForm({ ...form, severity: event.target.value as NewAlert["severity"] });
              }}
            >
              {ALERT_SEVERITIES.map((severity) => (
                <option key={severity} value={severity}>
                  {SEVERITY_LABEL[severity]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id={problems.id("message")}
          label="What is wrong"
          hint="Where, and what people should know. For example: Water main pressure drop on Station Road"
          error={problems.of("message")}
        >
          {(props) => (
            <textarea
              {...props}
              rows={2}
              value={form.message}
              onChange={(event) => {
                problems.edited("message");
                setForm({ ...form, message: event.target.value });
              }}
            />
          )}
        </Field>
        {create.isSuccess ? (
          <p className="success" role="status" data-testid="raise-result">
            {raisedWords(create.data)}
          </p>
        ) : null}
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? "Raising…" : "Raise alert"}
        </button>
      </form>
    </details>
  );
}
