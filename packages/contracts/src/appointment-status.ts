import type { AppointmentStatus } from "./enums.ts";

/** Where each status may go next. */
export const APPOINTMENT_TRANSITIONS: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  scheduled: ["confirmed", "cancelled"],
  confirmed: ["completed", "cancelled"],
  cancelled: [],
  completed: [],
};

/** The longest reason a status change may carry (a cancellation's "why"): the API's limit, the dashboard's too. */
export const STATUS_REASON_MAX_LENGTH = 500;
