import { APPOINTMENT_STATUSES, APPOINTMENT_TRANSITIONS } from "@govconnect/contracts";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "../../components/field.tsx";
import { QueryState } from "../../components/states.tsx";
import { useTRPC } from "../../trpc.ts";
import type { TargetStatus } from "./appointment-table.tsx";
import { AppointmentTable } from "./appointment-table.tsx";
import type { Status } from "./types.ts";

/** Where staff may move an appointment next: the domain's own transitions. */
const next = (status: Status) =>
  APPOINTMENT_TRANSITIONS[status].filter((target): target is TargetStatus => target !== "scheduled");

export function AllAppointments() {
  const trpc = useTRPC();
  const hospitals = useQuery(trpc.hospitals.list.queryOptions({}));
  const [filter, setFilter] = useState<{ status: Status | ""; hospitalId: string; from: string }>({
    status: "",
    hospitalId: "",
    from: "",
  });
  const all = useQuery(
    trpc.appointments.list.queryOptions({
      limit: 50,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.hospitalId ? { hospitalId: filter.hospitalId } : {}),
      ...(filter.from ? { from: filter.from } : {}),
    }),
  );
  return (
    <section className="card" aria-labelledby="all-title">
      <h3 id="all-title">All appointments</h3>
      <div className="filters">
        <Field label="Status">
          {(props) => (
            <select
              {...props}
              value={filter.status}
              onChange={(e) => setFilter((f) => ({ ...f, status: e.target.value as Status | "" }))}
            >
              <option value="">Any</option>
              {APPOINTMENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Hospital">
          {(props) => (
            <select
              {...props}
              value={filter.hospitalId}
              onChange={(e) => setFilter((f) => ({ ...f, hospitalId: e.target.value }))}
            >
              <option value="">Any</option>
              {hospitals.data?.hospitals.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="From date">
          {(props) => (
            <input
              {...props}
              type="date"
              value={filter.from}
              onChange={(e) => setFilter((f) => ({ ...f, from: e.target.value }))}
            />
          )}
        </Field>
      </div>
      <QueryState query={all} what="appointments">
        {(data) => (
          <AppointmentTable
            caption="All appointments"
            appointments={data.appointments}
            actions={(a) => next(a.status)}
          />
        )}
      </QueryState>
    </section>
  );
}
