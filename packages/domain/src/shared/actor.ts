import type { Actor } from "@govconnect/contracts";

/** The caller and the session they call from (a password change ends every session but this one). */
export interface SessionActor extends Actor {
  readonly sessionId: string;
}
