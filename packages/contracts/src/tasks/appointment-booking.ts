import { appointmentRequest } from "../appointments.ts";
import { defineTask } from "./define.ts";

export const appointmentBookingTask = defineTask({
  type: "appointment_booking",
  description: "Book an appointment for yourself, in the background",
  payload: appointmentRequest,
  retries: { attempts: 5, delayMs: 2_000 },
  // Anyone signed in books for themself: the booking takes the owner's account.
  maySubmit: () => null,
});
