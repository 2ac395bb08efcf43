import { AppError } from "@govconnect/contracts";
import type { TaskProcessor, TaskProcessors } from "@govconnect/jobs";
import { baseTaskProcessors } from "@govconnect/jobs";
import { UnrecoverableError } from "bullmq";
import { reportAlert } from "./alerts/alerts.ts";
import { bookAppointment } from "./appointments/book.ts";

/** A refusal the user could have fixed (slot taken, date past…) is final: retrying cannot change it. */
function finalIfRefused(error: unknown): never {
  if (error instanceof AppError && error.code !== "INTERNAL" && error.code !== "SERVICE_UNAVAILABLE") {
    throw new UnrecoverableError(error.message);
  }
  throw error;
}

/** Books the appointment the task's owner asked for, exactly as `POST /api/appointments` would. */
export const appointmentBooking: TaskProcessor<"appointment_booking"> = async (payload, { db, task, dispatch }) => {
  if (!task.ownerId)
    throw new UnrecoverableError("appointment_booking tasks are booked for their owner, and this one has none");
  const appointment = await bookAppointment(db, dispatch, task.ownerId, payload, { taskId: task.id }).catch(
    finalIfRefused,
  );
  return {
    appointmentId: appointment.id,
    reference: appointment.reference,
    status: appointment.status,
    hospitalId: appointment.hospitalId,
    appointmentDate: appointment.appointmentDate,
    appointmentTime: appointment.appointmentTime,
  };
};

/** Classifies (fingerprints), de-duplicates, escalates and stores a reported alert. */
export const alertProcessing: TaskProcessor<"alert_processing"> = async (payload, { db, task, logger }) => {
  const outcome = await reportAlert(db, payload, {
    reportId: task.id,
    createdBy: task.ownerId,
    defaultSource: "alert_processing",
  });
  if (outcome.escalated || (!outcome.repeated && outcome.alert.severity === "CRITICAL")) {
    logger.warn({ alertId: outcome.alert.id, severity: outcome.alert.severity }, "alert needs attention");
  }
  return {
    alertId: outcome.alert.id,
    severity: outcome.alert.severity,
    occurrences: outcome.alert.occurrences,
    repeated: outcome.repeated,
    escalated: outcome.escalated,
  };
};

/** Every task type's processor: what a GovConnect worker runs. */
export const taskProcessors = {
  ...baseTaskProcessors,
  appointment_booking: appointmentBooking,
  alert_processing: alertProcessing,
} as const satisfies Required<TaskProcessors>;
