import type { RouterOutputs } from "@govconnect/router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { useFormProblems } from "../../components/error-summary.tsx";
import { ReasonField, reasonInput, reasonProblems } from "../../components/reason-field.tsx";
import { useFormat } from "../../format.ts";
import { useTRPC } from "../../trpc.ts";
import type { Appointment } from "./types.ts";

type Cancelled = RouterOutputs["appointments"]["updateStatus"]["appointment"];

/**
 * "Are you sure you want to cancel?": names the appointment, asks for an optional reason (kept in
 * its history and put in the email), and cancels only on the second, explicit press.
 */
export function CancelDialog({
  appointment,
  onDone,
  onClose,
}: {
  readonly appointment: Appointment;
  readonly onDone: (cancelled: Cancelled) => void;
  readonly onClose: () => void;
}) {
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const cancel = useMutation(
    trpc.appointments.updateStatus.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.appointments.pathKey() }),
    }),
  );
  const problems = useFormProblems("cancel", cancel.error);
  const confirm = () => {
    if (!problems.check(reasonProblems(reason))) return;
    cancel.mutate(
      { id: appointment.id, status: "cancelled", ...reasonInput(reason) },
      { onSuccess: (data) => onDone(data.appointment) },
    );
  };
  return (
    <ConfirmDialog
      title="Cancel this appointment?"
      confirmLabel="Yes, cancel it"
      danger
      pending={cancel.isPending}
      onConfirm={confirm}
      onCancel={onClose}
      cancelLabel="No, keep it"
    >
      {problems.summary}
      <p>
        {appointment.department} at {appointment.hospitalName} on {format.weekdayDate(appointment.appointmentDate)} at{" "}
        {format.time(appointment.appointmentTime)} ({appointment.reference}). The time goes back to others, and we email
        you that it is cancelled.
      </p>
      <ReasonField
        problems={problems}
        label="Why are you cancelling? (optional)"
        hint="The hospital sees this. For example: I feel better, or I cannot come that day"
        value={reason}
        onChange={setReason}
      />
    </ConfirmDialog>
  );
}
