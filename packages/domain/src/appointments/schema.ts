import { APPOINTMENT_STATUSES, STATUS_REASON_MAX_LENGTH } from "@govconnect/contracts";
import type { Appointment } from "@govconnect/db";
import { z } from "zod";
import { numberedPageInput, pageInput } from "../shared/pagination.ts";

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
  /** Why (a cancellation's optional reason): kept in the appointment's history and told to the patient. */
  reason: z
    .string()
    .trim()
    .max(STATUS_REASON_MAX_LENGTH, { error: `reason must be at most ${STATUS_REASON_MAX_LENGTH} characters` })
    .optional(),
});

export type ChangeStatusInput = z.infer<typeof changeStatusInput>;

export const myAppointmentsInput = z.strictObject(pageInput).default({ limit: 20 });

export type MyAppointmentsInput = z.infer<typeof myAppointmentsInput>;

const statusFilter = z
  .enum(APPOINTMENT_STATUSES, { error: `status must be one of ${APPOINTMENT_STATUSES.join(", ")}` })
  .optional();

const dateFilter = (field: string) => z.iso.date({ error: `${field} must be a date as YYYY-MM-DD` }).optional();

export const allAppointmentsInput = z
  .strictObject({
    ...pageInput,
    status: statusFilter,
    hospitalId: z.uuid({ error: "hospitalId must be a hospital id" }).optional(),
    department: z.string().trim().max(80).optional(),
    from: dateFilter("from"),
    to: dateFilter("to"),
  })
  .default({ limit: 20 });

export type AllAppointmentsInput = z.infer<typeof allAppointmentsInput>;

/** The staff work queue's views: which appointments, before any filter. */
export const APPOINTMENT_QUEUE_VIEWS = ["today", "upcoming", "unconfirmed", "all"] as const;
/** The work queue's orders; a leading `-` reverses one. */
export const APPOINTMENT_QUEUE_SORTS = ["time", "-time", "patient", "-patient", "status", "-status"] as const;

/** The work queue's filters: what both a page of it and its CSV export select. */
export const appointmentQueueFilter = z.strictObject({
  view: z
    .enum(APPOINTMENT_QUEUE_VIEWS, { error: `view must be one of ${APPOINTMENT_QUEUE_VIEWS.join(", ")}` })
    .default("upcoming"),
  /** Part of the patient's name, or a reference (`APT-1A2B3C4D`, or its start). */
  q: z.string().trim().max(120, { error: "q must be at most 120 characters" }).optional(),
  status: statusFilter,
  hospitalId: z.uuid({ error: "hospitalId must be a hospital id" }).optional(),
  department: z.string().trim().max(80).optional(),
  from: dateFilter("from"),
  to: dateFilter("to"),
  sort: z
    .enum(APPOINTMENT_QUEUE_SORTS, { error: `sort must be one of ${APPOINTMENT_QUEUE_SORTS.join(", ")}` })
    .default("time"),
});
export type AppointmentQueueFilter = z.infer<typeof appointmentQueueFilter>;

export const appointmentQueueInput = appointmentQueueFilter.extend(numberedPageInput(25)).default({
  view: "upcoming",
  sort: "time",
  page: 1,
  pageSize: 25,
});
export type AppointmentQueueInput = z.infer<typeof appointmentQueueInput>;

/** A patient's own bookings, by when they take place. */
export const MY_BOOKING_VIEWS = ["upcoming", "past", "cancelled"] as const;

export const myBookingsInput = z.strictObject({
  view: z.enum(MY_BOOKING_VIEWS, { error: `view must be one of ${MY_BOOKING_VIEWS.join(", ")}` }),
  ...numberedPageInput(10),
});
export type MyBookingsInput = z.infer<typeof myBookingsInput>;

/** A numbered page of appointments (the work queue, a patient's bookings). */
export const appointmentNumberedPage = z.object({
  appointments: z.array(appointmentView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  pageCount: z.number().int(),
});

export const takenSlotsInput = z.strictObject({
  hospitalId: z.uuid({ error: "hospitalId must be a hospital id" }),
  department: z.string().trim().min(1).max(80),
  date: z.iso.date({ error: "date must be a date as YYYY-MM-DD" }),
});

export type TakenSlotsInput = z.infer<typeof takenSlotsInput>;
