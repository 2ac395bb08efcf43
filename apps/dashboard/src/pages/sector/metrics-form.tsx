import type { MetricDefinition, Sector } from "@govconnect/contracts";
import { SECTOR_METRICS } from "@govconnect/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useEffect, useRef, useState } from "react";
import { withUnit } from "../../components/chart.tsx";
import { useFormProblems } from "../../components/error-summary.tsx";
import { Field } from "../../components/field.tsx";
import { digitsOf } from "../../components/metric-panel.tsx";
import type { Format } from "../../format.ts";
import { useFormat } from "../../format.ts";
import type { Problem } from "../../messages.ts";
import { describeProblems, plainOr } from "../../messages.ts";
import { useTRPC } from "../../trpc.ts";
import { rangeHint, rangeMessage, valueProblem } from "./metric-words.ts";

type Sample = { readonly metric: string; readonly value: number };

/** A sample's words for the result message: "Crop yield 3.4 t/ha". */
function sampleWords(sector: Sector, sample: Sample, format: Format): string {
  const definition = SECTOR_METRICS[sector].find((candidate) => candidate.metric === sample.metric);
  if (!definition) return format.number(sample.value);
  const value = format.number(sample.value, { maximumFractionDigits: digitsOf(definition.step) });
  return `${definition.label} ${withUnit(value, definition.unit)}`;
}

/**
 * The server's refusal, in the form's words: a problem with `data.samples.<i>.value` is about the
 * field of the i-th sample sent; anything else is about the whole form.
 */
function serverProblems(error: unknown, sector: Sector, sent: readonly Sample[], format: Format): Problem[] {
  const words = Object.fromEntries(
    sent.flatMap((sample, index) => {
      const definition = SECTOR_METRICS[sector].find((candidate) => candidate.metric === sample.metric);
      return definition ? [[`data.samples.${index}.value`, rangeMessage(definition, format)]] : [];
    }),
  );
  return describeProblems(error, words).map((problem) => {
    const index = /^data\.samples\.(\d+)\./.exec(problem.field ?? "")?.[1];
    const sample = index === undefined ? undefined : sent[Number(index)];
    return { field: sample ? sample.metric : null, message: problem.message };
  });
}

/** How recording went, after the form was sent: the task is queued, then the worker stores the figures. */
function Recording({
  taskId,
  sector,
  samples,
}: {
  readonly taskId: string;
  readonly sector: Sector;
  readonly samples: readonly Sample[];
}) {
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const task = useQuery({
    ...trpc.tasks.byId.queryOptions({ taskId }),
    refetchInterval: (query) =>
      ["processed", "failed", "cancelled"].includes(query.state.data?.status ?? "") ? false : 1_000,
  });
  const status = task.data?.status;
  useEffect(() => {
    if (status !== "processed") return;
    void queryClient.invalidateQueries({ queryKey: trpc.dashboard.pathKey() });
  }, [status, queryClient, trpc]);
  const what = samples.map((sample) => sampleWords(sector, sample, format)).join("; ");
  if (status === "processed") {
    return (
      <p className="success" role="status" data-testid="metrics-result">
        Recorded at {format.time(task.data?.task.finishedAt ?? new Date())}: {what}. The charts below and the Overview
        show it now.
      </p>
    );
  }
  if (status === "failed" || status === "cancelled" || task.isError) {
    return (
      <div className="failed" role="alert" data-testid="metrics-result">
        <p>{plainOr(task.data?.task.error, "The figures could not be recorded.")} Check them and send them again.</p>
      </div>
    );
  }
  return (
    <p className="notice" role="status" data-testid="metrics-result">
      Sent: {what}. Recording…
    </p>
  );
}

function MetricField({
  definition,
  id,
  value,
  error,
  onChange,
}: {
  readonly definition: MetricDefinition;
  readonly id: string;
  readonly value: string;
  readonly error: string | undefined;
  readonly onChange: (value: string) => void;
}) {
  const format = useFormat();
  return (
    <Field id={id} label={definition.label} hint={rangeHint(definition, format)} error={error}>
      {(props) => (
        <span className="unit-input">
          <input
            {...props}
            name={definition.metric}
            type="number"
            inputMode="decimal"
            min={definition.min}
            max={definition.max}
            step={definition.step}
            value={value}
            onChange={(event) => onChange(event.target.validity.badInput ? "not a number" : event.target.value)}
          />
          {definition.unit ? <span className="unit">{definition.unit}</span> : null}
        </span>
      )}
    </Field>
  );
}

/**
 * Today's figures for a sector: one labelled field per metric it records (`SECTOR_METRICS`), with
 * its unit and range, checked in words before sending; sent as one `collect_metrics` task. Fields
 * left empty are not sent.
 */
export function MetricsForm({ sector, title }: { readonly sector: Sector; readonly title: string }) {
  const trpc = useTRPC();
  const format = useFormat();
  const definitions = SECTOR_METRICS[sector];
  const [values, setValues] = useState<Readonly<Record<string, string>>>({});
  const [sent, setSent] = useState<{ readonly taskId: string; readonly samples: readonly Sample[] } | null>(null);
  const pending = useRef<readonly Sample[]>([]);
  const problems = useFormProblems(`metrics-${sector}`, null);
  const submit = useMutation(
    trpc.tasks.submit.mutationOptions({
      onSuccess: (result) => {
        setSent({ taskId: result.taskId, samples: pending.current });
        setValues({});
      },
      onError: (error) => {
        problems.check(serverProblems(error, sector, pending.current, format));
      },
    }),
  );
  const send = (event: FormEvent) => {
    event.preventDefault();
    const filled = definitions.filter((definition) => (values[definition.metric] ?? "").trim() !== "");
    const found: Problem[] =
      filled.length === 0
        ? [{ field: definitions[0]?.metric ?? null, message: "Enter at least one figure" }]
        : filled.flatMap((definition) => {
            const message = valueProblem(definition, values[definition.metric] ?? "", format);
            return message ? [{ field: definition.metric, message }] : [];
          });
    if (!problems.check(found)) return;
    const samples = filled.map((definition) => ({
      metric: definition.metric,
      value: Number(values[definition.metric]),
    }));
    pending.current = samples;
    setSent(null);
    submit.mutate({ taskType: "collect_metrics", data: { sector, samples } });
  };
  return (
    <section className="card" aria-labelledby={`record-${sector}-title`}>
      <h3 id={`record-${sector}-title`}>Record {title.toLowerCase()} figures</h3>
      <p className="muted">Enter the figures you have now. Leave a field empty to keep its last figure.</p>
      {problems.summary}
      <form className="metrics-form" onSubmit={send} noValidate>
        <div className="metric-fields">
          {definitions.map((definition) => (
            <MetricField
              key={definition.metric}
              definition={definition}
              id={problems.id(definition.metric)}
              value={values[definition.metric] === "not a number" ? "" : (values[definition.metric] ?? "")}
              error={problems.of(definition.metric)}
              onChange={(value) => {
                problems.edited(definition.metric);
                setValues((current) => ({ ...current, [definition.metric]: value }));
              }}
            />
          ))}
        </div>
        <button type="submit" disabled={submit.isPending}>
          {submit.isPending ? "Sending…" : "Record figures"}
        </button>
      </form>
      {sent ? <Recording key={sent.taskId} taskId={sent.taskId} sector={sector} samples={sent.samples} /> : null}
    </section>
  );
}
