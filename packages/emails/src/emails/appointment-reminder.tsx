/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import { Button, Heading, Text } from "react-email";
import { AppointmentSummary } from "../components/appointment-summary.tsx";
import type { ServiceInfo } from "../layout.tsx";
import { buttonStyle, EmailLayout } from "../layout.tsx";
import { PREVIEW_APPOINTMENT, PREVIEW_SERVICE } from "../preview.ts";
import type { AppointmentDetails } from "../props.ts";
import { appointmentDetails } from "../props.ts";

export const appointmentReminderProps = appointmentDetails;
export type AppointmentReminderProps = AppointmentDetails & { readonly service: ServiceInfo };

export const appointmentReminderSubject = () => "Appointment Reminder - GovConnect Healthcare";

/** Sent 24 hours before a confirmed appointment (a delayed job, cancelled with the appointment). */
export function AppointmentReminderEmail({ service, ...details }: AppointmentReminderProps) {
  return (
    <EmailLayout preview={`Tomorrow: your appointment at ${details.hospitalName}`} service={service}>
      <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 12px" }}>
        Your appointment is tomorrow
      </Heading>
      <Text>Dear {details.patientName}, this is a reminder of your appointment:</Text>
      <AppointmentSummary details={details} />
      <Text>If you cannot come, please cancel it so someone else can take the time.</Text>
      <Button href={`${service.url}/#/appointments`} style={buttonStyle}>
        Manage my appointment
      </Button>
    </EmailLayout>
  );
}

AppointmentReminderEmail.PreviewProps = {
  ...PREVIEW_APPOINTMENT,
  service: PREVIEW_SERVICE,
} satisfies AppointmentReminderProps;

export default AppointmentReminderEmail;
