import type { z } from "zod";
import type { Actor } from "../roles.ts";

/** Why a caller may not submit a task, as the API tells them (and the input field it is about). */
export interface Refusal {
  readonly message: string;
  readonly field?: string;
}

/**
 * One task type, whole: its identifier, the payload it carries, how it is retried and who may
 * submit it. The registry (`./index.ts`) derives every per-type table from these; the worker's
 * handler for the type lives in `@govconnect/task-runtime`.
 */
export interface TaskDefinition<T extends string, P extends z.ZodType> {
  readonly type: T;
  /** What it does, for a person choosing one (the dashboard's form). */
  readonly description: string;
  /** Validated by the API on submission and again by the worker before it runs (payloads are JSON). */
  readonly payload: P;
  /**
   * Exponential backoff from `delayMs`, capped (TASK_RETRY_MAX_DELAY_MS, 5 min by default) and with
   * jitter, so a crowd of failures does not retry in step.
   */
  readonly retries: { readonly attempts: number; readonly delayMs: number };
  /**
   * Whether a signed-in non-admin may submit this payload: null when they may. Without it only
   * administrators may (admins may submit every type).
   */
  // A method, not a function property: the registry holds definitions of different payloads, and
  // callers pass each the payload its own type validated.
  maySubmit?(actor: Actor, payload: z.infer<P>): Refusal | null;
}

/** Declares a task type; `type` stays a literal so the registry is keyed by it. */
export const defineTask = <const T extends string, P extends z.ZodType>(definition: TaskDefinition<T, P>) => definition;
