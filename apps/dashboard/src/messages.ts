import { STATUS_REASON_MAX_LENGTH } from "@govconnect/contracts";
import type { AppRouter } from "@govconnect/router";
import { TRPCClientError } from "@trpc/client";

/**
 * Every sentence the dashboard shows about a failure comes from here. The API's messages are
 * written for developers ("hospitalId must be …", "send the token as …"): they are shown only when
 * they read as plain words, and otherwise replaced by this module's own, chosen by the error's
 * code (tRPC `data.code`) and, for input, by the field (`data.issues[].path`) and the form's words.
 */

type ApiError = TRPCClientError<AppRouter>;
const isApiError = (error: unknown): error is ApiError => error instanceof TRPCClientError;

/**
 * What a person should never have to read: field paths (camelCase, dotted), URL paths, environment
 * variable names and protocol words. The plain-language e2e test holds the same list.
 */
const NOT_PLAIN: readonly RegExp[] = [
  /\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/, // hospitalId, appointmentTime
  /(?<![@\w.])[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*\b(?![@\w])/, // data.userId (not name@example.gov)
  /\/(?:api|trpc|health)\b/i,
  /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/, // MAIL_TRANSPORT
  /\b(?:token|bearer|json)\b/i,
  /`/,
];

/** True when a sentence can be shown to anyone as it is. */
export const isPlain = (text: string): boolean =>
  text.trim() !== "" && !NOT_PLAIN.some((pattern) => pattern.test(text));

export const UNREACHABLE = "GovConnect could not be reached. Check your connection and try again.";
export const OUR_FAULT = "Something went wrong on our side. Try again in a moment.";
export const REASON_WORDS = `Write the reason in ${STATUS_REASON_MAX_LENGTH} characters or fewer`;
export const SESSION_ENDED = "Your session has ended. Sign in again to carry on where you were.";

/** "30 seconds", "1 minute", "3 minutes": a wait in words, rounded up to whole minutes past one. */
export function waitInWords(seconds: number): string {
  if (seconds <= 60) return seconds === 1 ? "1 second" : `${Math.max(1, Math.ceil(seconds))} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/**
 * How long to wait before trying again (429 and 503), in seconds: `data.retryAfterSeconds`, or
 * the number in the message's own "try again in N s" (the Retry-After value it was written from).
 */
export function retryAfterSeconds(error: unknown): number | null {
  if (!isApiError(error)) return null;
  const given = error.data?.retryAfterSeconds;
  if (typeof given === "number" && given > 0) return given;
  const written = /try again in (\d+)\s*s\b/i.exec(error.message);
  return written ? Number(written[1]) : null;
}

export const isRateLimited = (error: unknown) => isApiError(error) && error.data?.code === "TOO_MANY_REQUESTS";
export const isSessionEnded = (error: unknown) => isApiError(error) && error.data?.code === "UNAUTHORIZED";

function rateLimited(error: unknown): string {
  // A limit with a reason of its own ("Too many failed sign-in attempts: try again in 15 minutes")
  // says it best; the general request limit's words ("per window", "42 s") are the API's.
  if (isApiError(error) && isPlain(error.message) && !/^too many requests\b/i.test(error.message)) {
    return error.message;
  }
  const wait = retryAfterSeconds(error);
  return `You have made a lot of requests in a short time. Wait ${wait ? waitInWords(wait) : "a minute"} and try again.`;
}

function unavailable(error: unknown): string {
  const wait = retryAfterSeconds(error);
  return `GovConnect is not available at the moment. Try again in ${wait ? waitInWords(wait) : "a few minutes"}.`;
}

/** Each code's sentence when the server's own message is not plain. */
const BY_CODE: Readonly<Record<string, string>> = {
  UNAUTHORIZED: SESSION_ENDED,
  FORBIDDEN: "You do not have permission to do that.",
  NOT_FOUND: "We could not find that. It may have been removed, or the link may be wrong.",
  CONFLICT: "That could not be done because something changed meanwhile. Reload the page and try again.",
  BAD_REQUEST: "Something you entered could not be used. Check it and try again.",
  PAYLOAD_TOO_LARGE: "What you entered is too long. Shorten it and try again.",
  METHOD_NOT_SUPPORTED: OUR_FAULT,
  TIMEOUT: "GovConnect took too long to answer. Try again in a moment.",
};

/**
 * A field's words: a sentence, shown when the server's message about the field is not plain; or a
 * function that always chooses the words from that message (it may keep a plain one).
 */
export type FieldWord = string | ((serverMessage: string) => string);
export type FieldWords = Readonly<Record<string, FieldWord>>;

/** The fields many forms share. A form's own words are laid over these. */
const COMMON_WORDS: FieldWords = {
  username: "Enter a username of 3 to 32 letters, digits, _ . or -",
  fullName: "Enter your full name",
  email: "Enter an email address, like name@example.com",
  password: "Enter a password of at least 8 characters",
  newPassword: "Enter a new password of at least 8 characters",
  currentPassword: "Enter your current password",
  code: "Enter the 6 digits your authenticator app shows now",
  reason: REASON_WORDS,
};

/** One thing to fix: about a field of the form (its path in the request), or about the whole form. */
export interface Problem {
  readonly field: string | null;
  readonly message: string;
}

/** "department is required", "reason must be at most 500 characters": a check's words that start with the field's name. */
const namesField = (path: string, message: string) =>
  path !== "" &&
  message.toLowerCase().startsWith(`${path.split(".").at(-1)?.toLowerCase()} `) &&
  /^[a-z]/.test(message);

function fieldWords(path: string, serverMessage: string, words: FieldWords): string {
  const word = words[path] ?? COMMON_WORDS[path];
  if (typeof word === "function") return word(serverMessage);
  if (isPlain(serverMessage) && !(word && namesField(path, serverMessage))) return serverMessage;
  return word ?? BY_CODE.BAD_REQUEST ?? OUR_FAULT;
}

/**
 * What a failed call means for a form, in its words: one problem per field the server named (the
 * first message for each), or one for the whole form. `words` names the form's fields.
 */
export function describeProblems(error: unknown, words: FieldWords = {}): Problem[] {
  if (!error) return [];
  const issues = isApiError(error) ? (error.data?.issues ?? []) : [];
  if (issues.length === 0) return [{ field: null, message: errorMessage(error) }];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const issue of issues) {
    if (seen.has(issue.path)) continue;
    seen.add(issue.path);
    problems.push({ field: issue.path || null, message: fieldWords(issue.path, issue.message, words) });
  }
  return problems;
}

/**
 * What to tell the user about a failed call, in one or two sentences: the one place an API error
 * becomes text outside a form. The server's message is kept when it is plain words ("This time
 * slot is already booked"); otherwise the error's code chooses the sentence.
 */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) {
    // No error shape: the request failed on the way (offline, a proxy's HTML error page).
    if (!error.data) return UNREACHABLE;
    const code = error.data.code;
    if (code === "INTERNAL_SERVER_ERROR") return OUR_FAULT;
    if (code === "TOO_MANY_REQUESTS") return rateLimited(error);
    if (code === "SERVICE_UNAVAILABLE") return unavailable(error);
    const issues = error.data.issues ?? [];
    if (issues.length > 0) {
      const plain = [...new Set(issues.map((issue) => fieldWords(issue.path, issue.message, {})))];
      return plain.join(" ");
    }
    if (isPlain(error.message)) return error.message;
    return BY_CODE[code] ?? OUR_FAULT;
  }
  if (error instanceof TypeError) return UNREACHABLE;
  if (error instanceof Error && isPlain(error.message)) return error.message;
  return OUR_FAULT;
}

/** A server's sentence for a person (a task's failure reason, a refusal), or `fallback` if it is not plain. */
export const plainOr = (text: string | null | undefined, fallback: string): string =>
  text && isPlain(text) ? text : fallback;
