import { APPOINTMENT_STATUSES } from "@govconnect/contracts";
import type { RouterOutputs } from "@govconnect/router";
import { useQuery } from "@tanstack/react-query";
import { Field } from "../../components/field.tsx";
import { SearchBox } from "../../components/search-box.tsx";
import { useTRPC } from "../../trpc.ts";
import { STATUS_LABEL } from "../appointments/words.ts";
import type { QueueQuery, QueueSort, Status } from "./query.ts";
import { changed, cleared, isFiltered, queueHref, SORTS } from "./query.ts";

type Hospital = RouterOutputs["hospitals"]["list"]["hospitals"][number];

/** The departments to choose from: the chosen hospital's, or every hospital's. */
function departmentsOf(hospitals: readonly Hospital[], hospitalId: string): string[] {
  const chosen = hospitals.filter((hospital) => !hospitalId || hospital.id === hospitalId);
  return [...new Set(chosen.flatMap((hospital) => hospital.departments))].sort((a, b) => a.localeCompare(b));
}

/**
 * The queue's search and filters. Each change goes into the address at once (a new history entry,
 * so Back undoes it); the server filters.
 */
export function QueueFilters({
  query,
  onChange,
}: {
  readonly query: QueueQuery;
  readonly onChange: (next: QueueQuery) => void;
}) {
  const trpc = useTRPC();
  const hospitals = useQuery({ ...trpc.hospitals.list.queryOptions({}), staleTime: 300_000 });
  const list = hospitals.data?.hospitals ?? [];
  const departments = departmentsOf(list, query.hospitalId);
  const set = (change: Partial<QueueQuery>) => onChange(changed(query, change));
  const backwards = query.from !== "" && query.to !== "" && query.to < query.from;
  return (
    <div className="queue-filters no-print">
      <SearchBox
        key={query.q}
        label="Search by patient name or reference"
        hint="For example: Sohonie, or APT-1A2B3C4D"
        value={query.q}
        onSearch={(q) => set({ q })}
      />
      <div className="filters">
        <Field label="Hospital">
          {(props) => (
            <select
              {...props}
              value={query.hospitalId}
              onChange={(event) => {
                const hospitalId = event.target.value;
                // A department the new hospital lacks would only empty the list.
                const keep = departmentsOf(list, hospitalId).includes(query.department);
                set({ hospitalId, ...(keep ? {} : { department: "" }) });
              }}
            >
              <option value="">All hospitals</option>
              {list.map((hospital) => (
                <option key={hospital.id} value={hospital.id}>
                  {hospital.name}, {hospital.city}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Department">
          {(props) => (
            <select {...props} value={query.department} onChange={(event) => set({ department: event.target.value })}>
              <option value="">All departments</option>
              {departments.map((department) => (
                <option key={department} value={department}>
                  {department}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status">
          {(props) => (
            <select
              {...props}
              value={query.status}
              onChange={(event) => set({ status: event.target.value as Status | "" })}
            >
              <option value="">Any status</option>
              {APPOINTMENT_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABEL[status]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {/* On a phone the table's headers (which sort it) are folded away: the order is chosen here. */}
        <div className="narrow-only">
          <Field label="Sort">
            {(props) => (
              <select
                {...props}
                value={query.sort}
                onChange={(event) => set({ sort: event.target.value as QueueSort })}
              >
                {(Object.keys(SORTS) as QueueSort[]).map((sort) => (
                  <option key={sort} value={sort}>
                    {SORTS[sort][0]?.toUpperCase()}
                    {SORTS[sort].slice(1)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label="From date">
          {(props) => (
            <input {...props} type="date" value={query.from} onChange={(event) => set({ from: event.target.value })} />
          )}
        </Field>
        <Field label="To date" error={backwards ? "Choose a date on or after the from date" : undefined}>
          {(props) => (
            <input {...props} type="date" value={query.to} onChange={(event) => set({ to: event.target.value })} />
          )}
        </Field>
      </div>
      {isFiltered(query) ? (
        <p>
          <a href={queueHref(cleared(query))}>Clear the search and filters</a>
        </p>
      ) : null}
    </div>
  );
}
