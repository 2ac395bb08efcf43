import { z } from "zod";
import { personName, trimmedText } from "./fields.ts";

/** 7 to 15 digits, optionally with a leading + and spaces, dashes, dots or brackets between them. */
const PHONE = /^\+?[0-9][0-9 ().-]{5,22}[0-9]$/;

/**
 * An appointment request: `POST /api/appointments`'s body (the original system's field names)
 * and the `appointment_booking` task's payload. Whether the date is still ahead, the hospital
 * exists and the slot is free is the appointments domain's check, at booking time.
 */
export const appointmentRequest = z.strictObject({
  patientName: personName("patientName", 120),
  /** The account's own email when omitted; another address is refused (you book for yourself). */
  patientEmail: z.email({ error: "patientEmail must be an email address" }).max(254).optional(),
  patientPhone: z
    .string({ error: "patientPhone must be text" })
    .trim()
    .regex(PHONE, { error: "patientPhone must be a phone number of 7 to 15 digits, e.g. +91 98765 43210" })
    .refine((phone) => phone.replace(/\D/g, "").length >= 7 && phone.replace(/\D/g, "").length <= 15, {
      error: "patientPhone must be a phone number of 7 to 15 digits, e.g. +91 98765 43210",
    }),
  hospitalId: z.uuid({ error: "hospitalId must be the id of a hospital from GET /api/healthcare/hospitals" }),
  department: trimmedText("department", 80),
  appointmentDate: z.iso.date({ error: "appointmentDate must be a date as YYYY-MM-DD" }),
  appointmentTime: z
    .string({ error: "appointmentTime must be a time as HH:MM" })
    .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { error: "appointmentTime must be a time as HH:MM (24-hour)" }),
  doctorName: personName("doctorName", 120).optional(),
  symptoms: z.string().trim().max(2000, { error: "symptoms must be at most 2000 characters" }).optional(),
});
export type AppointmentRequest = z.infer<typeof appointmentRequest>;
