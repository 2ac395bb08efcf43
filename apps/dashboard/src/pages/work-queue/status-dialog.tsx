import { APPOINTMENT_TRANSITIONS } from "@govconnect/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { useFormProblems } from "../../components/error-summary.tsx";
import { ReasonField, reasonInput, reasonProblems } from "../../components/reason-field.tsx";
import { useFormat } from "../../format.ts";
import { useTRPC } from "../../trpc.ts";
import { timeHasCome } from "./clock.ts";
import type { QueueAppointment, Status } from "./query.ts";

/**
 * Where staff may move an appointment: nothing leads back to "scheduled", so it has no verb; should
 * an edge into it appear, this type makes the compiler ask for one instead of showing a blank button.
 */
export type Move = Exclude<Status, "scheduled">;

/** Each move: its button, its question, what it does, and its result. */
const MOVES: Readonly<
  Record<
    Move,
    {
      readonly verb: string;
      readonly question: string;
      readonly effect: string;
      readonly yes: string;
      readonly done: string;
    }
  >
> = {
  confirmed: {
    verb: "Confirm",
    question: "Confirm this appointment?",
    effect: "We email the patient that it is confirmed.",
    yes: "Yes, confirm it",
    done: "confirmed",
  },
  completed: {
    verb: "Mark as attended",
    question: "Mark this appointment as attended?",
    effect: "We email the patient, and withdraw any reminder still to come.",
    yes: "Yes, mark as attended",
    done: "marked as attended",
  },
  cancelled: {
    verb: "Cancel",
    question: "Cancel this appointment?",
    effect: "The time becomes free for others, and we email the patient that it is cancelled.",
    yes: "Yes, cancel it",
    done: "cancelled",
  },
};

export const moveVerb = (move: Move) => MOVES[move].verb;

/**
 * The moves staff may make now: the domain's transitions, and "attended" only once the
 * appointment's time has come (the server refuses it earlier too).
 */
export function movesOf(appointment: QueueAppointment, timeZone: string, now = new Date()): Move[] {
  return APPOINTMENT_TRANSITIONS[appointment.status].filter(
    (target): target is Move =>
      target !== "scheduled" && (target !== "completed" || timeHasCome(appointment, timeZone, now)),
  );
}

/**
 * "Are you sure?" in front of a move: names the appointment and what will happen; a cancellation
 * may give a reason (kept in its history and put in the patient's email). A refusal is shown inside,
 * in the error summary, and the dialog stays open; on success `onDone` gets the result message.
 */
export function StatusDialog({
  appointment,
  move,
  onDone,
  onClose,
}: {
  readonly appointment: QueueAppointment;
  readonly move: Move;
  readonly onDone: (message: string) => void;
  readonly onClose: () => void;
}) {
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const update = useMutation(
    trpc.appointments.updateStatus.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.appointments.pathKey() }),
    }),
  );
  const problems = useFormProblems("status", update.error);
  const words = MOVES[move];
  const cancelling = move === "cancelled";
  const confirm = () => {
    if (!problems.check(cancelling ? reasonProblems(reason) : [])) return;
    update.mutate(
      { id: appointment.id, status: move, ...(cancelling ? reasonInput(reason) : {}) },
      {
        onSuccess: () =>
          onDone(`${appointment.reference} (${appointment.patientName}) is ${words.done}. ${emailed(move)}`),
      },
    );
  };
  return (
    <ConfirmDialog
      title={words.question}
      confirmLabel={words.yes}
      cancelLabel={cancelling ? "No, keep it" : "Go back"}
      danger={cancelling}
      pending={update.isPending}
      onConfirm={confirm}
      onCancel={onClose}
    >
      {problems.summary}
      <p>
        <strong>{appointment.patientName}</strong>, {appointment.department} at {appointment.hospitalName} on{" "}
        {format.weekdayDate(appointment.appointmentDate)} at {format.time(appointment.appointmentTime)}{" "}
        <span className="nowrap">({appointment.reference})</span>.
      </p>
      <p>{words.effect}</p>
      {cancelling ? (
        <ReasonField
          problems={problems}
          label="Reason (optional)"
          hint="The patient reads this in their email. For example: the doctor is away that day"
          value={reason}
          onChange={setReason}
        />
      ) : null}
    </ConfirmDialog>
  );
}

const emailed = (move: Move) =>
  move === "cancelled" ? "We are emailing the patient." : "We are emailing the patient to say so.";
