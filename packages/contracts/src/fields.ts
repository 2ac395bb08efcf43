import { z } from "zod";

/** Required text, trimmed, with messages that name the field. */
export const trimmedText = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .min(1, { error: `${field} is required` })
    .max(max, { error: `${field} must be at most ${max} characters` });

/**
 * What a person's name may not hold: line breaks (a name is one line, in a list, a header or an
 * email) and the invisible controls that reorder how text reads (U+202E turns "exe.txt" into
 * "txt.exe"): security review I6.
 */
const NAME_CONTROLS = /[\r\n\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** A name field: `schema`'s rules, and one line read as typed. */
export const singleLineName = (schema: z.ZodString, message: string) =>
  schema.refine((name) => !NAME_CONTROLS.test(name), { error: message });

/** A required person's name, trimmed, one line, with messages that name the field. */
export const personName = (field: string, max: number) =>
  singleLineName(trimmedText(field, max), `${field} must be one line, without line breaks or text-direction controls`);
