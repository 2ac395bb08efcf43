import type { Logger } from "pino";
import type { Lifecycle } from "./lifecycle.ts";
import { createLifecycle, exitOnSignals } from "./lifecycle.ts";
import { createLogger } from "./logger.ts";
import { unsupportedNodeReason } from "./node-version.ts";

/** An error whose message is written for the operator: one line that says what is wrong and how to fix it. */
export interface ExplainedError extends Error {
  readonly expose: true;
}

export function isExplained(error: unknown): error is ExplainedError {
  return error instanceof Error && (error as Partial<ExplainedError>).expose === true;
}

/**
 * Runs a process's start-up. If it fails, whatever did open is closed first; then a dependency
 * that cannot be used (Redis down, database locked…) prints its one-line explanation — no stack
 * trace — while anything else is a bug and is logged in full. Either way the process exits 1.
 */
export async function runMain(
  logger: Logger,
  lifecycle: Lifecycle,
  start: () => Promise<unknown>,
  exit: (code: number) => void = process.exit,
): Promise<void> {
  try {
    await start();
  } catch (error) {
    await lifecycle.shutdown("start-up failed");
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

export interface ProcessOptions {
  /** The process's name in every log line: `api`, `worker`. */
  readonly name: string;
  readonly logLevel: string;
  readonly shutdownTimeoutMs: number;
}

/**
 * The whole life of a GovConnect process: a logger, graceful shutdown on SIGTERM/SIGINT, and
 * `start` run under {@link runMain}. `start` registers what it opens with the lifecycle. A Node.js
 * older than the minimum stops it with one line before anything opens.
 */
export async function runProcess(
  options: ProcessOptions,
  start: (logger: Logger, lifecycle: Lifecycle) => Promise<unknown>,
): Promise<void> {
  const unsupported = unsupportedNodeReason();
  if (unsupported) {
    process.stderr.write(`${unsupported}\n`);
    process.exit(1);
  }
  const logger = createLogger({ name: options.name, level: options.logLevel });
  logger.info({ node: process.versions.node }, `${options.name} starting on Node.js ${process.versions.node}`);
  const lifecycle = createLifecycle(logger, options.shutdownTimeoutMs);
  exitOnSignals(lifecycle, logger);
  await runMain(logger, lifecycle, () => start(logger, lifecycle));
}
