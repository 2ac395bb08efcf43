/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import { Button, Heading, Text } from "react-email";
import { z } from "zod";
import { AppointmentSummary } from "../components/appointment-summary.tsx";
import type { ServiceInfo } from "../layout.tsx";
import { buttonStyle, EmailLayout } from "../layout.tsx";
import { PREVIEW_APPOINTMENT, PREVIEW_SERVICE } from "../preview.ts";
import { appointmentDetails } from "../props.ts";

export const APPOINTMENT_STATUS_CHANGES = ["confirmed", "cancelled", "completed"] as const;
export type AppointmentStatusChange = (typeof APPOINTMENT_STATUS_CHANGES)[number];

export const appointmentStatusProps = appointmentDetails.extend({
  status: z.enum(APPOINTMENT_STATUS_CHANGES),
  /** Who made the change: the patient themself, or the hospital's staff (older emails: unsaid). */
  changedBy: z.enum(["patient", "hospital"]).optional(),
  /** The reason given, if one was. */
  reason: z.string().min(1).max(500).optional(),
});
export type AppointmentStatusProps = z.infer<typeof appointmentStatusProps> & { readonly service: ServiceInfo };

const TITLE: Record<AppointmentStatusChange, string> = {
  confirmed: "Confirmed",
  cancelled: "Cancelled",
  completed: "Completed",
};

export const appointmentStatusSubject = (props: { readonly status: AppointmentStatusChange }) =>
  `Appointment ${TITLE[props.status]} - GovConnect Healthcare`;

const MESSAGE: Record<AppointmentStatusChange, string> = {
  confirmed: "The hospital has confirmed your appointment. We will remind you the day before.",
  cancelled: "Your appointment has been cancelled. If you still need care, you can book another time.",
  completed: "Your appointment is complete. Thank you for using GovConnect.",
};

/** Sent at each status change: confirmed, cancelled, completed. */
export function AppointmentStatusEmail({ service, status, changedBy, reason, ...details }: AppointmentStatusProps) {
  return (
    <EmailLayout preview={`Appointment ${status} at ${details.hospitalName}`} service={service}>
      <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 12px" }}>
        Appointment {status}
      </Heading>
      <Text>Dear {details.patientName},</Text>
      <Text>
        {status === "cancelled" && changedBy === "patient"
          ? "You cancelled this appointment. If you still need care, you can book another time."
          : status === "cancelled" && changedBy === "hospital"
            ? "The hospital has cancelled your appointment. If you still need care, you can book another time."
            : MESSAGE[status]}
      </Text>
      {reason ? <Text>Reason given: {reason}</Text> : null}
      <AppointmentSummary details={details} />
      <Button href={`${service.url}/#/appointments`} style={buttonStyle}>
        {status === "cancelled" ? "Book another appointment" : "See my appointments"}
      </Button>
    </EmailLayout>
  );
}

AppointmentStatusEmail.PreviewProps = {
  ...PREVIEW_APPOINTMENT,
  status: "confirmed",
  service: PREVIEW_SERVICE,
} satisfies AppointmentStatusProps;

export default AppointmentStatusEmail;
