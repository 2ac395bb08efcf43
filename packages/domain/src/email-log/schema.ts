import { EMAIL_STATUSES } from "@govconnect/contracts";
import { z } from "zod";

/** One email of the delivery log, as admins see it. */
export const emailLogEntry = z.object({
  id: z.uuid(),
  template: z.string(),
  recipient: z.string(),
  status: z.enum(EMAIL_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  transport: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  subject: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type EmailLogEntry = z.infer<typeof emailLogEntry>;

export const emailLogInput = z
  .strictObject({
    limit: z.number().int().min(1).max(100).default(50),
    status: z.enum(EMAIL_STATUSES).optional(),
    before: z.uuid({ error: "before must be an email id" }).optional(),
    /** Part of the recipient's address or of the subject. */
    search: z.string().trim().max(254, { error: "search must be at most 254 characters" }).optional(),
  })
  .default({ limit: 50 });
export type EmailLogInput = z.infer<typeof emailLogInput>;

export const emailLogPage = z.object({ emails: z.array(emailLogEntry), nextBefore: z.string().nullable() });

/** An email of the development outbox, rendered as its recipient would see it. */
export const outboxEmail = z.object({
  id: z.uuid(),
  template: z.string(),
  recipient: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  sentAt: z.string(),
});
export type OutboxEmailView = z.infer<typeof outboxEmail>;

export const outboxInput = z
  .strictObject({ limit: z.number().int().min(1).max(100).default(30) })
  .default({ limit: 30 });
