import type { Actor } from "@govconnect/contracts";

/** Where a request came from, as the HTTP layer saw it (the audit log records it). */
export interface ClientInfo {
  readonly ip: string;
  readonly userAgent: string | undefined;
  /** The request's id, as in the API's log lines; none outside a request (the CLI, the worker). */
  readonly requestId?: string | undefined;
  /** The device cookie the browser sent back (set at its first sign-in), if any. */
  readonly device?: string | undefined;
}

/** The caller, the session they call from (a password change ends every session but this one) and where from. */
export interface SessionActor extends Actor {
  readonly sessionId: string;
  readonly client: ClientInfo;
}

/** Whoever acts, and from where when it is a request (the CLI and the seed have no client). */
export type AuditedActor = Actor & { readonly client?: ClientInfo | undefined };
