import { z } from "zod";

// Props more than one template validates. Each template's own props stay beside it in emails/;
// these live outside that folder because the preview server lists every file there as an email.

/** What every appointment email says about the appointment. */
export const appointmentDetails = z.object({
  reference: z.string().min(1),
  patientName: z.string().min(1),
  hospitalName: z.string().min(1),
  department: z.string().min(1),
  date: z.iso.date(),
  time: z.string().regex(/^\d{2}:\d{2}$/),
  doctorName: z.string().min(1).optional(),
  /** Where the hospital is and how to reach it (older stored emails have neither). */
  hospitalAddress: z.string().min(1).optional(),
  hospitalPhone: z.string().min(1).optional(),
});
export type AppointmentDetails = z.infer<typeof appointmentDetails>;

/**
 * The one-time token an account link carries, as issued (a random base64url string). Templates get
 * the token, never a URL, and build the link themselves with contracts' `accountLink`: what is
 * stored in the outbox cannot point anywhere but the dashboard.
 */
export const accountToken = z.string().min(20);

/** When a change to an account happened: `Z` or an offset, never a bare local time, so the email can say it in UTC. */
export const changedAt = z.iso.datetime({ offset: true });
