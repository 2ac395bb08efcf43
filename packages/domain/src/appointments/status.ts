import { APPOINTMENT_TRANSITIONS, AppError, isHealthcareStaff, localInstant } from "@govconnect/contracts";
import type { Database } from "@govconnect/db";
import { appointmentEvents, appointments } from "@govconnect/db";
import type { WrittenTask } from "@govconnect/jobs";
import { writeOutboxEmail } from "@govconnect/jobs";
import { eq } from "drizzle-orm";
import { auditedBy, writeAudit } from "../audit/audit.ts";
import { findHospital } from "../hospitals/hospitals.ts";
import type { AuditedActor } from "../shared/actor.ts";
import type { Dispatch } from "../shared/dispatch.ts";
import { isUuid } from "../shared/pagination.ts";
import { emailDetails } from "./email-details.ts";
import { appointmentNotFound } from "./queries.ts";
import { scheduleReminder, withdrawReminder } from "./reminders.ts";
import type { AppointmentView, ChangeStatusInput } from "./schema.ts";
import { toAppointmentView } from "./schema.ts";

export const COMPLETED_TOO_EARLY = "An appointment can be marked completed only once its time has come";

/**
 * Moves an appointment along {@link APPOINTMENT_TRANSITIONS}: healthcare staff any step, the
 * patient who booked it only to `cancelled`. In one transaction with the change: the audit entry,
 * the patient's status email and, on confirmation, the reminder 24 h before (withdrawn again
 * when the appointment is cancelled or completed first). Setting the current status again is a
 * no-op that sends nothing.
 */
export async function changeAppointmentStatus(
  db: Database,
  dispatch: Dispatch,
  actor: AuditedActor,
  input: ChangeStatusInput,
  now = new Date(),
): Promise<AppointmentView> {
  if (!isUuid(input.id)) throw appointmentNotFound();
  const { view, written } = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(appointments).where(eq(appointments.id, input.id)).for("update").limit(1);
    const staff = isHealthcareStaff(actor);
    if (!current || (!staff && current.bookedBy !== actor.userId)) throw appointmentNotFound();
    const hospital = await findHospital(tx, current.hospitalId);
    const hospitalName = hospital?.name ?? "";
    if (current.status === input.status) return { view: toAppointmentView(current, hospitalName), written: [] };
    if (!staff && input.status !== "cancelled") {
      throw new AppError("FORBIDDEN", `Only healthcare staff can mark an appointment ${input.status}`, {
        field: "status",
      });
    }
    if (!APPOINTMENT_TRANSITIONS[current.status].includes(input.status)) {
      throw new AppError("CONFLICT", `A ${current.status} appointment cannot become ${input.status}`, {
        field: "status",
      });
    }
    if (input.status === "completed" && localInstant(current.appointmentDate, current.appointmentTime) > now) {
      throw new AppError("CONFLICT", COMPLETED_TOO_EARLY, { field: "status" });
    }
    const reason = input.reason || null;
    const [updated] = await tx
      .update(appointments)
      .set({ status: input.status, updatedAt: now })
      .where(eq(appointments.id, current.id))
      .returning();
    const appointment = updated ?? current;
    const [event] = await tx
      .insert(appointmentEvents)
      .values({
        appointmentId: current.id,
        fromStatus: current.status,
        toStatus: input.status,
        actorId: actor.userId,
        reason,
      })
      .returning({ id: appointmentEvents.id });
    if (staff) {
      await writeAudit(tx, {
        action: "appointment.status_changed",
        ...auditedBy(actor),
        target: { type: "appointment", id: current.id },
        details: { from: current.status, to: input.status, ...(reason ? { reason } : {}) },
      });
    }
    const tasks: WrittenTask[] = [];
    const details = emailDetails(appointment, hospital ?? { name: hospitalName });
    if (input.status !== "scheduled") {
      const email = await writeOutboxEmail(tx, {
        dedupeKey: `appointment-status/${current.id}/${event?.id}`,
        template: "appointment_status",
        recipient: appointment.patientEmail,
        props: {
          ...details,
          status: input.status,
          changedBy: appointment.bookedBy === actor.userId ? "patient" : "hospital",
          ...(reason ? { reason } : {}),
        },
        // To the booker's confirmed address when sent: it follows an address change.
        toAccount: true,
        userId: appointment.bookedBy,
      });
      if (email) tasks.push(email.sendTask);
    }
    if (input.status === "confirmed") {
      const reminder = await scheduleReminder(tx, appointment, details, `${event?.id}`, now);
      if (reminder) tasks.push(reminder);
    } else if (appointment.reminderTaskId) {
      const withdrawn = await withdrawReminder(tx, appointment, `appointment ${input.status}`);
      if (withdrawn) tasks.push(withdrawn);
    }
    return { view: toAppointmentView(appointment, hospitalName), written: tasks };
  });
  for (const task of written) await dispatch(task);
  return view;
}
