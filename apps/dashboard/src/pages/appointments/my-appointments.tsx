import { useQuery } from "@tanstack/react-query";
import { QueryState } from "../../components/states.tsx";
import { useTRPC } from "../../trpc.ts";
import { AppointmentTable } from "./appointment-table.tsx";

export function MyAppointments() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.appointments.mine.queryOptions({ limit: 50 }));
  return (
    <section className="card" aria-labelledby="mine-title">
      <h3 id="mine-title">My appointments</h3>
      <QueryState query={mine} what="your appointments">
        {(data) => (
          // A patient may only cancel, and only an appointment that has not happened or been cancelled.
          <AppointmentTable
            caption="My appointments"
            appointments={data.appointments}
            actions={(a) => (a.status === "scheduled" || a.status === "confirmed" ? ["cancelled"] : [])}
          />
        )}
      </QueryState>
    </section>
  );
}
