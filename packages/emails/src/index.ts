export { appointmentCalendar, type CalendarAppointment, calendarFileName } from "./appointment-calendar.ts";
export { APPOINTMENT_STATUS_CHANGES, type AppointmentStatusChange } from "./emails/appointment-status.tsx";
export { SECOND_FACTOR_CHANGES, type SecondFactorChange } from "./emails/second-factor-changed.tsx";
export { EmailLayout, type ServiceInfo } from "./layout.tsx";
export { createMailer, type Mailer } from "./mailer.ts";
export type { AppointmentDetails } from "./props.ts";
export {
  type EmailAttachment,
  LINK_TEMPLATES,
  type RenderedEmail,
  renderEmail,
  TEMPLATE_NAMES,
  TEMPLATES,
  TemplateError,
  type TemplateName,
  type TemplateProps,
} from "./templates.ts";
export { createOutboxTransport } from "./transports/outbox.ts";
export { createResendTransport } from "./transports/resend.ts";
export { createSmtpTransport, type SmtpOptions } from "./transports/smtp.ts";
export { type MailTransport, type OutgoingEmail, SendError, type SendResult } from "./transports/transport.ts";
