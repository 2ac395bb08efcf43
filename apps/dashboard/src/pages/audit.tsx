import type { AuditAction, AuditTargetType } from "@govconnect/contracts";
import { AUDIT_ACTION_NAMES, AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "@govconnect/contracts";
import type { RouterInputs } from "@govconnect/router";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import type { AuditEvent } from "../audit-events.ts";
import { eventDevice, eventTarget, eventTime, TARGET_LABELS } from "../audit-events.ts";
import { DataTable } from "../components/data-table.tsx";
import { EventWhat } from "../components/event-what.tsx";
import { Field } from "../components/field.tsx";
import { Empty, Failed, Loading } from "../components/states.tsx";
import { useFormat } from "../format.ts";
import { fieldErrors, useTRPC } from "../trpc.ts";

const PAGE_SIZE = 25;
/** Where the CSV export is served (cookie auth, the same filters as query parameters). */
const EXPORT_URL = "/api/admin/audit/export";

type AuditFilter = Omit<RouterInputs["audit"]["list"], "cursor" | "limit">;

/** The filter form as typed: every field a string, empty for "any". */
interface Draft {
  actor: string;
  action: AuditAction | "";
  targetType: AuditTargetType | "";
  targetId: string;
  from: string;
  to: string;
}

const NO_FILTER: Draft = { actor: "", action: "", targetType: "", targetId: "", from: "", to: "" };
const FILTER_KEYS = Object.keys(NO_FILTER) as Array<keyof Draft>;

/** The filter a draft asks for: only what was filled in. */
function toFilter(draft: Draft): AuditFilter {
  const filter: AuditFilter = {};
  const actor = draft.actor.trim();
  const targetId = draft.targetId.trim();
  if (actor) filter.actor = actor;
  if (draft.action) filter.action = draft.action;
  if (draft.targetType) filter.targetType = draft.targetType;
  if (targetId) filter.targetId = targetId;
  if (draft.from) filter.from = draft.from;
  if (draft.to) filter.to = draft.to;
  return filter;
}

/** The export's address for a filter: the same names as the list's input, as query parameters. */
function exportHref(filter: AuditFilter): string {
  const params = new URLSearchParams(
    Object.entries(filter).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const query = params.toString();
  return query ? `${EXPORT_URL}?${query}` : EXPORT_URL;
}

const sameFilter = (a: AuditFilter, b: AuditFilter) => {
  const canonical = (filter: AuditFilter) =>
    JSON.stringify(Object.entries(filter).sort(([x], [y]) => x.localeCompare(y)));
  return canonical(a) === canonical(b);
};

/** Actions in the order of their labels, for the select. */
const ACTIONS_BY_LABEL = [...AUDIT_ACTION_NAMES].sort((a, b) => AUDIT_ACTIONS[a].localeCompare(AUDIT_ACTIONS[b]));

/** The filters typed as a whole name or id, with their labels and hints. */
const ID_FILTERS = {
  actor: { label: "Username", hint: "Who did it (the whole username)" },
  targetId: { label: "Target id", hint: "As an entry shows it under About" },
} as const;

/** A filter typed as a whole name or id (no autofill, no spelling checks). */
function IdFilter(props: {
  readonly name: keyof typeof ID_FILTERS;
  readonly value: string;
  readonly onChange: (event: { target: { value: string } }) => void;
  readonly error: string | undefined;
}) {
  return (
    <Field label={ID_FILTERS[props.name].label} hint={ID_FILTERS[props.name].hint} error={props.error}>
      {(control) => (
        <input
          {...control}
          name={props.name}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          value={props.value}
          onChange={props.onChange}
        />
      )}
    </Field>
  );
}

/**
 * Admin → Audit log: every security and privileged event, newest first. Filters apply with a
 * button; pages go "Older" and back "Newer" (the cursors of the pages before are kept); the same
 * filtered rows download as CSV.
 */
export function Audit() {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<Draft>(NO_FILTER);
  const [applied, setApplied] = useState<AuditFilter>({});
  const [datesReversed, setDatesReversed] = useState(false);
  // The cursors of the pages before this one (Older pushes, Newer pops), for the applied filter.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const events = useQuery({
    ...trpc.audit.list.queryOptions({ ...applied, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    // Another page of the same filter keeps showing the one before while it loads; a new filter
    // does not (its heading already says "Matching entries").
    placeholderData: (previous, previousQuery) => {
      const input = (
        previousQuery?.queryKey[1] as { input?: AuditFilter & { cursor?: string; limit?: number } } | undefined
      )?.input;
      const { cursor: _cursor, limit: _limit, ...filter } = { ...input };
      return sameFilter(filter, applied) ? keepPreviousData(previous) : undefined;
    },
  });
  const errors = fieldErrors(events.error, FILTER_KEYS);
  const set =
    <Key extends keyof Draft>(key: Key) =>
    (event: { target: { value: string } }) =>
      setDraft((current) => ({ ...current, [key]: event.target.value as Draft[Key] }));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const reversed = draft.from !== "" && draft.to !== "" && draft.from > draft.to;
    setDatesReversed(reversed);
    if (reversed) return;
    setApplied(toFilter(draft));
    setCursors([]);
  };
  const clear = () => {
    setDraft(NO_FILTER);
    setDatesReversed(false);
    setApplied({});
    setCursors([]);
  };
  const filtered = Object.keys(applied).length > 0;
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <p className="muted">
        Every sign-in, security change and privileged action, newest first. Entries are never changed or removed.
      </p>
      <section className="card" aria-labelledby="audit-filter-title">
        <h3 id="audit-filter-title">Find entries</h3>
        <search>
          <form onSubmit={apply} noValidate>
            <div className="filters">
              <IdFilter name="actor" value={draft.actor} onChange={set("actor")} error={errors.actor} />
              <Field label="Action" error={errors.action}>
                {(props) => (
                  <select {...props} name="action" value={draft.action} onChange={set("action")}>
                    <option value="">Any action</option>
                    {ACTIONS_BY_LABEL.map((action) => (
                      <option key={action} value={action}>
                        {AUDIT_ACTIONS[action]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="What it was about" error={errors.targetType}>
                {(props) => (
                  <select {...props} name="targetType" value={draft.targetType} onChange={set("targetType")}>
                    <option value="">Anything</option>
                    {AUDIT_TARGET_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {TARGET_LABELS[type]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <IdFilter name="targetId" value={draft.targetId} onChange={set("targetId")} error={errors.targetId} />
              <Field label="From date" error={errors.from}>
                {(props) => <input {...props} name="from" type="date" value={draft.from} onChange={set("from")} />}
              </Field>
              <Field label="To date" error={datesReversed ? "The to date is before the from date" : errors.to}>
                {(props) => <input {...props} name="to" type="date" value={draft.to} onChange={set("to")} />}
              </Field>
            </div>
            <div className="actions">
              <button type="submit">Apply filters</button>
              <button type="button" className="secondary" onClick={clear}>
                Clear
              </button>
            </div>
          </form>
        </search>
      </section>
      <section className="card" aria-labelledby="audit-entries-title">
        <div className="section-head">
          <h3 id="audit-entries-title">{filtered ? "Matching entries" : "All entries"}</h3>
          <a href={exportHref(applied)} download>
            Download CSV
          </a>
        </div>
        <AuditEntries
          query={events}
          first={cursors.length === 0}
          fieldsRefused={Object.keys(errors).length > 0}
          onOlder={(next) => setCursors((c) => [...c, next])}
          onNewer={() => setCursors((c) => c.slice(0, -1))}
          page={cursors.length + 1}
        />
      </section>
    </section>
  );
}

function AuditEntries({
  query,
  first,
  page,
  fieldsRefused,
  onOlder,
  onNewer,
}: {
  readonly query: {
    isPending: boolean;
    isError: boolean;
    isFetching: boolean;
    error: unknown;
    data: { items: AuditEvent[]; nextCursor: string | null } | undefined;
    refetch: () => unknown;
  };
  readonly first: boolean;
  readonly page: number;
  readonly fieldsRefused: boolean;
  readonly onOlder: (cursor: string) => void;
  readonly onNewer: () => void;
}) {
  const format = useFormat();
  if (query.isPending) return <Loading what="the audit log" />;
  if (query.isError && fieldsRefused) {
    return (
      <p className="failed" role="alert">
        A filter above is not one the audit log can use: see its message, change it and apply the filters again.
      </p>
    );
  }
  if (query.isError || !query.data) return <Failed error={query.error} retry={() => query.refetch()} />;
  const { items, nextCursor } = query.data;
  return (
    <>
      {items.length === 0 ? (
        <Empty>{first ? "No entry matches these filters." : "No older entries."}</Empty>
      ) : (
        <DataTable
          caption="Audit log entries, newest first"
          rows={items}
          rowKey={(event) => event.id}
          rowTestId={(event) => `audit-${event.id}`}
          columns={[
            { header: "When", cell: (event) => <span className="nowrap">{eventTime(event, format)}</span> },
            {
              header: "Who",
              cell: (event) =>
                event.actor ? (
                  <span>{event.actor.username ?? "A removed account"}</span>
                ) : (
                  <span className="muted">Nobody signed in</span>
                ),
            },
            { header: "What", cell: (event) => <EventWhat event={event} detailsClassName="muted break" /> },
            {
              header: "About",
              cell: (event) =>
                event.target ? (
                  <span className="break">
                    {eventTarget(event)}
                    <br />
                    <small className="muted mono">{event.target.id}</small>
                  </span>
                ) : (
                  "—"
                ),
            },
            {
              header: "From where",
              cell: (event) => (
                <span className="break">
                  {event.ip ?? "Unknown address"}
                  <br />
                  <small className="muted">{eventDevice(event)}</small>
                </span>
              ),
            },
            {
              header: "Request id",
              cell: (event) => <small className="mono break">{event.requestId ?? "—"}</small>,
            },
          ]}
        />
      )}
      <nav className="pager" aria-label="Pages of the audit log">
        <button type="button" className="secondary" disabled={first || query.isFetching} onClick={onNewer}>
          Newer
        </button>
        <span aria-live="polite">
          Page {page}
          {query.isFetching ? <span className="muted"> (loading…)</span> : null}
        </span>
        <button
          type="button"
          className="secondary"
          disabled={!nextCursor || query.isFetching}
          onClick={() => {
            if (nextCursor) onOlder(nextCursor);
          }}
        >
          Older
        </button>
      </nav>
    </>
  );
}
