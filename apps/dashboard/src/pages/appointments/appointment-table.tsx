import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Badge } from "../../components/badge.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { Empty } from "../../components/states.tsx";
import { errorMessage, useTRPC } from "../../trpc.ts";
import type { Appointment, Status } from "./types.ts";

/**
 * The statuses a button can move an appointment to. Nothing leads back to `scheduled` (not the
 * domain's `APPOINTMENT_TRANSITIONS`; patients only cancel), so it has no verb. Should an
 * edge into it appear, this type makes the compiler ask for one instead of showing a blank button.
 */
export type TargetStatus = Exclude<Status, "scheduled">;

const STATUS_VERB: Record<TargetStatus, string> = {
  confirmed: "Confirm",
  cancelled: "Cancel",
  completed: "Complete",
};

export function AppointmentTable({
  appointments,
  actions,
  caption,
}: {
  appointments: Appointment[];
  actions: (appointment: Appointment) => readonly TargetStatus[];
  caption: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.appointments.updateStatus.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.appointments.pathKey() }),
    }),
  );
  if (appointments.length === 0) return <Empty>No appointments yet.</Empty>;
  return (
    <>
      {update.isError ? (
        <p className="error-text" role="alert">
          {errorMessage(update.error)}
        </p>
      ) : null}
      <DataTable
        caption={caption}
        rows={appointments}
        rowKey={(a) => a.id}
        rowTestId={(a) => `appointment-${a.reference}`}
        columns={[
          {
            header: "When",
            cell: (a) => (
              <>
                {a.appointmentDate} {a.appointmentTime}
                <br />
                <small className="muted">{a.reference}</small>
              </>
            ),
          },
          { header: "Patient", cell: (a) => a.patientName },
          {
            header: "Hospital",
            cell: (a) => (
              <>
                {a.hospitalName}
                <br />
                <small className="muted">{a.department}</small>
              </>
            ),
          },
          { header: "Status", cell: (a) => <Badge value={a.status} /> },
          {
            header: "Actions",
            cell: (a) => (
              <div className="actions">
                {actions(a).map((status) => (
                  <button
                    key={status}
                    type="button"
                    className={status === "cancelled" ? "danger" : "secondary"}
                    disabled={update.isPending}
                    onClick={() => update.mutate({ id: a.id, status })}
                    aria-label={`${STATUS_VERB[status]} ${a.reference}`}
                  >
                    {STATUS_VERB[status]}
                  </button>
                ))}
              </div>
            ),
          },
        ]}
      />
    </>
  );
}
