import type { Logger } from "pino";

/** An error whose message is written for the operator: one line that says what is wrong and how to fix it. */
export interface ExplainedError extends Error {
  readonly expose: true;
}

export function isExplained(error: unknown): error is ExplainedError {
  return error instanceof Error && (error as Partial<ExplainedError>).expose === true;
}

/**
 * Runs a process's start-up. A dependency that cannot be used (Redis down, database locked…)
 * prints its one-line explanation and exits 1 — no stack trace; anything else is a bug and is
 * logged in full.
 */
export async function runMain(
  logger: Logger,
  start: () => Promise<void>,
  exit: (code: number) => void = process.exit,
): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (isExplained(error)) {
      logger.flush();
      process.stderr.write(`${error.message}\n`);
    } else {
      logger.fatal({ err: error }, "failed to start");
      logger.flush();
    }
    exit(1);
  }
}
