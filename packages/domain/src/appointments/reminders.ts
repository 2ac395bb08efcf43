import { localInstant } from "@govconnect/contracts";
import type { Appointment } from "@govconnect/db";
import { appointments, emailOutbox } from "@govconnect/db";
import type { Executor, WrittenTask } from "@govconnect/jobs";
import { loadTask, withdrawTask, writeOutboxEmail } from "@govconnect/jobs";
import { and, eq } from "drizzle-orm";
import type { emailDetails } from "./email-details.ts";

/** The reminder goes this long before the appointment… */
const REMINDER_LEAD_MS = 24 * 3600_000;
/** …unless that moment is this close, or past: then the confirmation email is reminder enough. */
const REMINDER_MIN_NOTICE_MS = 5 * 60_000;

/** Writes the reminder email, to go 24 h before the appointment (none when that is too close). */
export async function scheduleReminder(
  tx: Executor,
  appointment: Appointment,
  details: ReturnType<typeof emailDetails>,
  cause: string,
  now: Date,
): Promise<WrittenTask | undefined> {
  const sendAt = new Date(
    localInstant(appointment.appointmentDate, appointment.appointmentTime).getTime() - REMINDER_LEAD_MS,
  );
  if (sendAt.getTime() - now.getTime() < REMINDER_MIN_NOTICE_MS) return undefined;
  const email = await writeOutboxEmail(tx, {
    dedupeKey: `appointment-reminder/${appointment.id}/${cause}`,
    template: "appointment_reminder",
    recipient: appointment.patientEmail,
    props: details,
    // To the booker's confirmed address when sent: it follows an address change.
    toAccount: true,
    userId: appointment.bookedBy,
    sendAt,
  });
  if (!email) return undefined;
  await tx
    .update(appointments)
    .set({ reminderTaskId: email.sendTask.task.id })
    .where(eq(appointments.id, appointment.id));
  return email.sendTask;
}

/** Withdraws the pending reminder: its task becomes `cancelled` and its email is never sent. */
export async function withdrawReminder(
  tx: Executor,
  appointment: Appointment,
  reason: string,
): Promise<WrittenTask | undefined> {
  if (!appointment.reminderTaskId) return undefined;
  const task = await loadTask(tx, appointment.reminderTaskId);
  const outboxId = (task?.payload as { outboxId?: string } | undefined)?.outboxId;
  if (outboxId) {
    await tx
      .update(emailOutbox)
      .set({ status: "cancelled", lastError: reason })
      .where(and(eq(emailOutbox.id, outboxId), eq(emailOutbox.status, "queued")));
  }
  await tx.update(appointments).set({ reminderTaskId: null }).where(eq(appointments.id, appointment.id));
  return withdrawTask(tx, appointment.reminderTaskId, reason);
}
