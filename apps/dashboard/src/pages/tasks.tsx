import type { RouterOutputs } from "@govconnect/router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { Badge } from "../components/badge.tsx";
import { DataTable } from "../components/data-table.tsx";
import { Field } from "../components/field.tsx";
import { Empty, FormFailure, QueryState } from "../components/states.tsx";
import { useSession } from "../session.tsx";
import { fieldErrors, useTRPC } from "../trpc.ts";

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
            ? "ISO 8601, e.g. 2026-12-01T09:00:00Z"
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

function TaskWatch({ taskId }: { taskId: string }) {
  const trpc = useTRPC();
  const [statuses, setStatuses] = useState<string[]>([]);
  const stream = useSubscription(
    trpc.tasks.onStatus.subscriptionOptions(
      { taskId },
      { onData: (event) => setStatuses((current) => [...current, event.data.status]) },
    ),
  );
  const last = statuses.at(-1);
  return (
    <div className="watch" aria-live="polite" data-testid="task-watch">
      <p>
        Task <code>{taskId.slice(0, 8)}</code>:{" "}
        {last ? <Badge value={last} /> : <span className="muted">waiting…</span>}
        {stream.status === "error" ? (
          <span className="error-text"> (live updates stopped: reload to see the result)</span>
        ) : null}
      </p>
      <ol className="timeline">
        {statuses.map((status, index) => (
          // The same status can repeat (a retry goes back to queued): its position is its identity.
          <li key={`${index}-${status}`}>{status}</li>
        ))}
      </ol>
    </div>
  );
}

/** Fields about "your account" start filled in with it. */
function initialValues(schema: ObjectSchema, userId: string | undefined): Record<string, string> {
  return userId && schema.properties?.userId ? { userId } : {};
}

function SubmitTask({ catalog, onSubmitted }: { catalog: Catalog; onSubmitted: (taskId: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { me } = useSession();
  const [type, setType] = useState<TaskType>(catalog[0]?.type ?? "user_login");
  const schemaOf = (t: TaskType) => (catalog.find((c) => c.type === t)?.schema ?? {}) as ObjectSchema;
  const entry = catalog.find((t) => t.type === type);
  const schema = schemaOf(type);
  const [priority, setPriority] = useState("5");
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(schema, me?.id));
  const submit = useMutation(
    trpc.tasks.submit.mutationOptions({
      onSuccess: (result) => {
        onSubmitted(result.taskId);
        void queryClient.invalidateQueries({ queryKey: trpc.tasks.list.queryKey() });
      },
    }),
  );
  const errors = fieldErrors(submit.error);
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
      <Field label="Priority" error={errors.priority} hint="1 (most urgent) to 10">
        {(props) => (
          <input
            {...props}
            type="number"
            min={1}
            max={10}
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

export function Tasks() {
  const trpc = useTRPC();
  const catalog = useQuery({ ...trpc.tasks.catalog.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  const list = useQuery({ ...trpc.tasks.list.queryOptions({ limit: 20 }), refetchInterval: 5_000 });
  const [watching, setWatching] = useState<string | null>(null);
  return (
    <section aria-labelledby="tasks-title">
      <h2 id="tasks-title">Tasks</h2>
      <section className="card" aria-labelledby="submit-title">
        <h3 id="submit-title">Submit a task</h3>
        <QueryState query={catalog} what="task types">
          {(data) => <SubmitTask catalog={data.types} onSubmitted={setWatching} />}
        </QueryState>
        {watching ? <TaskWatch key={watching} taskId={watching} /> : null}
      </section>
      <section className="card" aria-labelledby="my-tasks-title">
        <h3 id="my-tasks-title">My tasks</h3>
        <QueryState query={list} what="your tasks">
          {(data) =>
            data.items.length === 0 ? (
              <Empty>No tasks yet.</Empty>
            ) : (
              <DataTable
                caption="My tasks, newest first"
                rows={data.items}
                rowKey={(task) => task.id}
                columns={[
                  { header: "Submitted", cell: (task) => new Date(task.createdAt).toLocaleString() },
                  { header: "Type", cell: (task) => task.type },
                  { header: "Priority", cell: (task) => task.priority },
                  {
                    header: "Status",
                    cell: (task) => (
                      <>
                        <Badge value={task.status} />
                        {task.error ? <small className="error-text"> {task.error}</small> : null}
                      </>
                    ),
                  },
                  {
                    header: "Watch",
                    cell: (task) => (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => setWatching(task.id)}
                        aria-label={`Watch task ${task.id.slice(0, 8)}`}
                      >
                        Watch
                      </button>
                    ),
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
