import type { FunctionComponent } from "react";
import { createElement } from "react";
import { render, toPlainText } from "react-email";
import type { z } from "zod";
import { appointmentCalendar, calendarFileName } from "./appointment-calendar.ts";
import {
  AppointmentReminderEmail,
  appointmentReminderProps,
  appointmentReminderSubject,
} from "./emails/appointment-reminder.tsx";
import {
  AppointmentScheduledEmail,
  appointmentScheduledProps,
  appointmentScheduledSubject,
} from "./emails/appointment-scheduled.tsx";
import {
  AppointmentStatusEmail,
  appointmentStatusProps,
  appointmentStatusSubject,
} from "./emails/appointment-status.tsx";
import { EmailChangedEmail, emailChangedProps, emailChangedSubject } from "./emails/email-changed.tsx";
import {
  EmailVerificationEmail,
  emailVerificationProps,
  emailVerificationSubject,
} from "./emails/email-verification.tsx";
import { InvitationEmail, invitationProps, invitationSubject } from "./emails/invitation.tsx";
import { NewSignInEmail, newSignInProps, newSignInSubject } from "./emails/new-sign-in.tsx";
import { PasswordChangedEmail, passwordChangedProps, passwordChangedSubject } from "./emails/password-changed.tsx";
import { PasswordResetEmail, passwordResetProps, passwordResetSubject } from "./emails/password-reset.tsx";
import {
  SecondFactorChangedEmail,
  secondFactorChangedProps,
  secondFactorChangedSubject,
} from "./emails/second-factor-changed.tsx";
import { WelcomeEmail, welcomeProps, welcomeSubject } from "./emails/welcome.tsx";
import type { ServiceInfo } from "./layout.tsx";

/** A file sent with an email (text content: a calendar entry). */
export interface EmailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: string;
}

interface Template<Props extends z.ZodType> {
  readonly props: Props;
  readonly subject: (props: z.infer<Props>) => string;
  /** Files to attach, made from the same props as the body. */
  readonly attachments?: (props: z.infer<Props>) => EmailAttachment[];
  readonly component: FunctionComponent<z.infer<Props> & { service: ServiceInfo }> & {
    PreviewProps: z.infer<Props> & { service: ServiceInfo };
  };
}

const template = <Props extends z.ZodType>(definition: Template<Props>) => definition;

/** Every email GovConnect sends, by the name stored in the outbox. */
export const TEMPLATES = {
  welcome: template({ props: welcomeProps, subject: welcomeSubject, component: WelcomeEmail }),
  appointment_scheduled: template({
    props: appointmentScheduledProps,
    subject: appointmentScheduledSubject,
    component: AppointmentScheduledEmail,
    attachments: (props) => [
      {
        filename: calendarFileName(props.reference),
        contentType: "text/calendar; charset=utf-8; method=PUBLISH",
        content: appointmentCalendar(props),
      },
    ],
  }),
  appointment_status: template({
    props: appointmentStatusProps,
    subject: appointmentStatusSubject,
    component: AppointmentStatusEmail,
  }),
  appointment_reminder: template({
    props: appointmentReminderProps,
    subject: appointmentReminderSubject,
    component: AppointmentReminderEmail,
  }),
  email_verification: template({
    props: emailVerificationProps,
    subject: emailVerificationSubject,
    component: EmailVerificationEmail,
  }),
  password_reset: template({ props: passwordResetProps, subject: passwordResetSubject, component: PasswordResetEmail }),
  password_changed: template({
    props: passwordChangedProps,
    subject: passwordChangedSubject,
    component: PasswordChangedEmail,
  }),
  email_changed: template({ props: emailChangedProps, subject: emailChangedSubject, component: EmailChangedEmail }),
  invitation: template({ props: invitationProps, subject: invitationSubject, component: InvitationEmail }),
  new_sign_in: template({ props: newSignInProps, subject: newSignInSubject, component: NewSignInEmail }),
  second_factor_changed: template({
    props: secondFactorChangedProps,
    subject: secondFactorChangedSubject,
    component: SecondFactorChangedEmail,
  }),
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

/**
 * Emails whose props carry a single-use link's token. Once one has left through a real
 * transport, the outbox row keeps no copy of it (the tokens table holds only hashes).
 */
export const LINK_TEMPLATES: ReadonlySet<string> = new Set<TemplateName>([
  "email_verification",
  "password_reset",
  "invitation",
]);
export type TemplateProps<T extends TemplateName> = z.infer<(typeof TEMPLATES)[T]["props"]>;

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments: readonly EmailAttachment[];
}

/**
 * Renders a stored email: its props are validated against the template's schema (the outbox row
 * may be old), then one render gives the HTML and the plain text derived from it.
 */
export async function renderEmail(name: string, rawProps: unknown, service: ServiceInfo): Promise<RenderedEmail> {
  if (!(name in TEMPLATES)) throw new TemplateError(`unknown email template "${name}"`);
  // Looked up by a stored name, so generically: sound, because its own schema parses the props next.
  const definition = TEMPLATES[name as TemplateName] as unknown as Template<z.ZodType<Record<string, unknown>>>;
  const parsed = definition.props.safeParse(rawProps);
  if (!parsed.success) throw new TemplateError(`props of "${name}" are invalid: ${parsed.error.message}`);
  const html = await render(createElement(definition.component, { ...parsed.data, service }));
  return {
    subject: definition.subject(parsed.data),
    html,
    text: toPlainText(html),
    attachments: definition.attachments?.(parsed.data) ?? [],
  };
}

/** The email cannot be rendered from what is stored: retrying cannot help. */
export class TemplateError extends Error {
  override readonly name = "TemplateError";
}
