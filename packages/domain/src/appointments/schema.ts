import { APPOINTMENT_STATUSES } from "@govconnect/contracts";
import type { Appointment } from "@govconnect/db";
import { z } from "zod";
import { pageInput } from "../shared/pagination.ts";

export const appointmentView = z.object({
  id: z.uuid(),
  reference: z.string(),
  patientName: z.string(),
  patientEmail: z.string(),
  patientPhone: z.string(),
  hospitalId: z.uuid(),
  hospitalName: z.string(),
  department: z.string(),
  doctorName: z.string().nullable(),
  appointmentDate: z.string(),
  appointmentTime: z.string(),
  symptoms: z.string().nullable(),
  status: z.enum(APPOINTMENT_STATUSES),
  bookedBy: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AppointmentView = z.infer<typeof appointmentView>;

/** The short reference patients quote (`APT-1A2B3C4D`). */
export const appointmentReference = (id: string) => `APT-${id.slice(0, 8).toUpperCase()}`;

export function toAppointmentView(appointment: Appointment, hospitalName: string): AppointmentView {
  return {
    id: appointment.id,
    reference: appointmentReference(appointment.id),
    patientName: appointment.patientName,
    patientEmail: appointment.patientEmail,
    patientPhone: appointment.patientPhone,
    hospitalId: appointment.hospitalId,
    hospitalName,
    department: appointment.department,
    doctorName: appointment.doctorName,
    appointmentDate: appointment.appointmentDate,
    appointmentTime: appointment.appointmentTime,
    symptoms: appointment.symptoms,
    status: appointment.status,
    bookedBy: appointment.bookedBy,
    createdAt: appointment.createdAt.toISOString(),
    updatedAt: appointment.updatedAt.toISOString(),
  };
}

export const changeStatusInput = z.strictObject({
  id: z.string().max(100),
  status: z.enum(APPOINTMENT_STATUSES, { error: `status must be one of ${APPOINTMENT_STATUSES.join(", ")}` }),
});

export type ChangeStatusInput = z.infer<typeof changeStatusInput>;

export const myAppointmentsInput = z.strictObject(pageInput).default({ limit: 20 });

export type MyAppointmentsInput = z.infer<typeof myAppointmentsInput>;

const dateFilter = (field: string) => z.iso.date({ error: `${field} must be a date as YYYY-MM-DD` }).optional();

export const allAppointmentsInput = z
  .strictObject({
    ...pageInput,
    status: z
      .enum(APPOINTMENT_STATUSES, { error: `status must be one of ${APPOINTMENT_STATUSES.join(", ")}` })
      .optional(),
    hospitalId: z.uuid({ error: "hospitalId must be a hospital id" }).optional(),
    department: z.string().trim().max(80).optional(),
    from: dateFilter("from"),
    to: dateFilter("to"),
  })
  .default({ limit: 20 });

export type AllAppointmentsInput = z.infer<typeof allAppointmentsInput>;

export const takenSlotsInput = z.strictObject({
  hospitalId: z.uuid({ error: "hospitalId must be a hospital id" }),
  department: z.string().trim().min(1).max(80),
  date: z.iso.date({ error: "date must be a date as YYYY-MM-DD" }),
});

export type TakenSlotsInput = z.infer<typeof takenSlotsInput>;
