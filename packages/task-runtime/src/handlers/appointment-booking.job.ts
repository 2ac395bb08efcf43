import { AppError } from "@govconnect/contracts";
import { bookAppointment } from "@govconnect/domain";
import { UnrecoverableError } from "bullmq";
import type { TaskProcessor } from "./context.ts";

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
