import { isSystemOnlyTask, PRIORITY, taskLimits } from "@govconnect/contracts";
import type { RouterOutputs } from "@govconnect/router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { FormEvent } from "react";
import { useEffect, useRef, useState } from "react";
import { Badge } from "../../components/badge.tsx";
import { Field } from "../../components/field.tsx";
import { FormFailure } from "../../components/states.tsx";
import { useFormat } from "../../format.ts";
import { useSession } from "../../session.tsx";
import { isApiError, useTRPC } from "../../trpc.ts";

type Catalog = RouterOutputs["tasks"]["catalog"]["types"];
type TaskType = Catalog[number]["type"];

/** The part of JSON Schema the form understands; anything richer is edited as JSON. */
interface PropertySchema {
  type?: string;
  enum?: string[];
  format?: string;
  description?: string;
}
interface ObjectSchema {
  properties?: Record<string, PropertySchema>;
  required?: string[];
}

/** One input per payload property, from the schema the server validates with. */
function PayloadFields({
  schema,
  values,
  onChange,
  errors,
}: {
  schema: ObjectSchema;
  values: Record<string, string>;
  onChange: (key: string, value: string) => void;
  errors: Record<string, string>;
}) {
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([key, property]) => {
        const label = `${key}${required.has(key) ? "" : " (optional)"}`;
        const error = Object.entries(errors).find(
          ([path]) => path === `data.${key}` || path.startsWith(`data.${key}.`),
        )?.[1];
        const structured = property.type === "array" || property.type === "object";
        const hint = structured
          ? "JSON"
          : property.format === "date-time"
            ? "A date and time, for example 2026-12-01T09:00:00Z (ISO 8601)"
            : property.format === "date"
              ? "YYYY-MM-DD"
              : property.format === "uuid"
                ? "an id"
                : undefined;
        return (
          <Field key={key} label={label} error={error} {...(hint ? { hint } : {})}>
            {(props) =>
              property.enum ? (
                <select {...props} value={values[key] ?? ""} onChange={(e) => onChange(key, e.target.value)}>
                  <option value="">Choose…</option>
                  {property.enum.map((option) => (
                    <option key={option} value={option}>
                      {option}
                    </option>
                  ))}
                </select>
              ) : structured ? (
                <textarea
                  {...props}
                  rows={4}
                  className="mono"
                  value={values[key] ?? ""}
                  onChange={(e) => onChange(key, e.target.value)}
                />
              ) : (
                <input
                  {...props}
                  type={property.type === "number" || property.type === "integer" ? "number" : "text"}
                  value={values[key] ?? ""}
                  onChange={(e) => onChange(key, e.target.value)}
                />
              )
            }
          </Field>
        );
      })}
    </>
  );
}

/** The form's text values as the payload: numbers as numbers, JSON fields parsed, blanks left out. */
function toPayload(schema: ObjectSchema, values: Record<string, string>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const raw = values[key]?.trim() ?? "";
    if (raw === "") continue;
    if (property.type === "number" || property.type === "integer") payload[key] = Number(raw);
    else if (property.type === "array" || property.type === "object") {
      try {
        payload[key] = JSON.parse(raw);
      } catch {
        payload[key] = raw; // the server names the field and says what it expects
      }
    } else payload[key] = raw;
  }
  return payload;
}

export function TaskWatch({ taskId }: { taskId: string }) {
  const trpc = useTRPC();
  const format = useFormat();
  const [events, setEvents] = useState<ReadonlyArray<{ status: string; at: string; attempt: number }>>([]);
  const stream = useSubscription(
    trpc.tasks.onStatus.subscriptionOptions(
      { taskId },
      {
        onData: (event) =>
          setEvents((current) => [
            ...current,
            { status: event.data.status, at: event.data.at, attempt: event.data.attempt },
          ]),
      },
    ),
  );
  const last = events.at(-1);
  const panel = useRef<HTMLDivElement>(null);
  // Opened from a row far down the list (a phone): bring the panel into view, and the focus to it.
  useEffect(() => {
    panel.current?.scrollIntoView({ block: "nearest" });
    panel.current?.focus();
  }, []);
  return (
    <div className="watch" aria-live="polite" data-testid="task-watch" ref={panel} tabIndex={-1}>
      <p>
        Task <code>{taskId.slice(0, 8)}</code>:{" "}
        {last ? <Badge value={last.status} /> : <span className="muted">waiting…</span>}
        {stream.status === "error" ? (
          <span className="error-text"> (live updates stopped: reload the page to see the result)</span>
        ) : null}
      </p>
      <ol className="timeline">
        {events.map((event, index) => (
          // The same status can repeat (a retry goes back to queued): its position is its identity.
          <li key={`${index}-${event.status}`}>
            <span className="watch-status">{event.status}</span>{" "}
            <time className="muted" dateTime={event.at}>
              {format.time(event.at)}
              {event.attempt > 1 ? `, attempt ${event.attempt}` : ""}
            </time>
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * The API's own messages by field path: this is the developers' tool, and its readers want the
 * precise words ("data.userId: userId must be a user id"), not the citizens' rewording.
 */
function rawFieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  return Object.fromEntries((error.data?.issues ?? []).map((issue) => [issue.path, issue.message]));
}

/** Fields about "your account" start filled in with it. */
function initialValues(schema: ObjectSchema, userId: string | undefined): Record<string, string> {
  return userId && schema.properties?.userId ? { userId } : {};
}

export function SubmitTask({
  catalog: everyType,
  onSubmitted,
}: {
  catalog: Catalog;
  onSubmitted: (taskId: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { me } = useSession();
  // Only the system writes some types (a sign-in's record): the form does not offer them.
  const catalog = everyType.filter((t) => !isSystemOnlyTask(t.type));
  // The priorities this account may use: citizens from the normal one down, staff all of them.
  const limits = taskLimits(me?.role ?? "user");
  const [type, setType] = useState<TaskType>(catalog[0]?.type ?? "user_registration");
  const schemaOf = (t: TaskType) => (catalog.find((c) => c.type === t)?.schema ?? {}) as ObjectSchema;
  const entry = catalog.find((t) => t.type === type);
  const schema = schemaOf(type);
  const [priority, setPriority] = useState(String(PRIORITY.default));
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(schema, me?.id));
  const submit = useMutation(
    trpc.tasks.submit.mutationOptions({
      onSuccess: (result) => {
        onSubmitted(result.taskId);
        void queryClient.invalidateQueries({ queryKey: trpc.tasks.list.queryKey() });
      },
    }),
  );
  const errors = rawFieldErrors(submit.error);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // The payload's shape is the server's to judge: it answers with the field to fix.
    const input = { taskType: type, data: toPayload(schema, values), priority: Number(priority) } as Parameters<
      typeof submit.mutate
    >[0];
    submit.mutate(input);
  };
  return (
    <form onSubmit={onSubmit} noValidate className="grid-form">
      <Field label="Task type" error={errors.taskType} {...(entry ? { hint: entry.description } : {})}>
        {(props) => (
          <select
            {...props}
            value={type}
            onChange={(e) => {
              const next = e.target.value as TaskType;
              setType(next);
              setValues(initialValues(schemaOf(next), me?.id));
              submit.reset();
            }}
          >
            {catalog.map((t) => (
              <option key={t.type} value={t.type}>
                {t.type}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Priority"
        error={errors.priority}
        hint={`${limits.mostUrgent} (the most urgent you may use) to ${limits.leastUrgent}`}
      >
        {(props) => (
          <input
            {...props}
            type="number"
            min={limits.mostUrgent}
            max={limits.leastUrgent}
            value={priority}
            onChange={(e) => setPriority(e.target.value)}
          />
        )}
      </Field>
      <PayloadFields
        schema={schema}
        values={values}
        onChange={(key, value) => setValues((v) => ({ ...v, [key]: value }))}
        errors={errors}
      />
      <FormFailure error={submit.error} fields={errors} />
      <button type="submit" disabled={submit.isPending}>
        {submit.isPending ? "Submitting…" : "Submit task"}
      </button>
    </form>
  );
}
