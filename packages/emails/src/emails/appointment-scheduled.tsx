/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import { Button, Heading, Text } from "react-email";
import { AppointmentSummary } from "../components/appointment-summary.tsx";
import type { ServiceInfo } from "../layout.tsx";
import { buttonStyle, EmailLayout } from "../layout.tsx";
import { PREVIEW_APPOINTMENT, PREVIEW_SERVICE } from "../preview.ts";
import type { AppointmentDetails } from "../props.ts";
import { appointmentDetails } from "../props.ts";

export const appointmentScheduledProps = appointmentDetails;
export type AppointmentScheduledProps = AppointmentDetails & { readonly service: ServiceInfo };

export const appointmentScheduledSubject = () => "Appointment Scheduled - GovConnect Healthcare";

/** Sent when an appointment is booked. */
export function AppointmentScheduledEmail({ service, ...details }: AppointmentScheduledProps) {
  return (
    <EmailLayout preview={`Your appointment at ${details.hospitalName} is booked`} service={service}>
      <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 12px" }}>
        Your appointment is booked
      </Heading>
      <Text>
        Dear {details.patientName}, your appointment has been scheduled. The hospital will confirm it; you will get
        another email when it does.
      </Text>
      <AppointmentSummary details={details} />
      <Text>Please arrive 15 minutes early and bring an identity document and any previous medical records.</Text>
      <Button href={`${service.url}/#/appointments`} style={buttonStyle}>
        See my appointments
      </Button>
    </EmailLayout>
  );
}

AppointmentScheduledEmail.PreviewProps = {
  ...PREVIEW_APPOINTMENT,
  service: PREVIEW_SERVICE,
} satisfies AppointmentScheduledProps;

export default AppointmentScheduledEmail;
