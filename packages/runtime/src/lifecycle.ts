import type { Logger } from "pino";

type Step = { readonly name: string; readonly run: () => Promise<void> };

export interface Lifecycle {
  /**
   * Adds a step to run at shutdown. Steps run one after another, last added first — register each
   * resource as it opens, and the server (opened last) closes before the connections it uses.
   */
  onShutdown(name: string, run: () => Promise<void>): void;
  /** Runs the steps (once, however often it is called) and resolves with the exit code. */
  shutdown(reason: string): Promise<number>;
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop accepting work, let in-flight work finish, close
 * connections — all under one hard deadline, after which the process exits anyway. A second
 * signal exits at once.
 */
export function createLifecycle(
  logger: Logger,
  timeoutMs: number,
  exit: (code: number) => void = process.exit,
): Lifecycle {
  const steps: Step[] = [];
  let running: Promise<number> | undefined;

  const shutdown = (reason: string): Promise<number> => {
    running ??= (async () => {
      if (steps.length === 0) return 0;
      logger.info({ reason, timeoutMs }, "shutting down");
      const deadline = setTimeout(() => {
        logger.error({ timeoutMs }, "shutdown deadline passed; exiting with work unfinished");
        exit(1);
      }, timeoutMs);
      deadline.unref();
      let code = 0;
      for (const step of [...steps].reverse()) {
        try {
          await step.run();
          logger.debug({ step: step.name }, "closed");
        } catch (error) {
          code = 1;
          logger.error({ err: error, step: step.name }, "shutdown step failed");
        }
      }
      clearTimeout(deadline);
      logger.info("stopped");
      return code;
    })();
    return running;
  };

  return {
    onShutdown: (name, run) => {
      steps.push({ name, run });
    },
    shutdown,
  };
}

/** Wires SIGTERM and SIGINT to `lifecycle.shutdown`, then exits with its code. */
export function exitOnSignals(lifecycle: Lifecycle, logger: Logger, exit: (code: number) => void = process.exit): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, "second signal: exiting now");
      exit(130);
      return;
    }
    signalled = true;
    void lifecycle.shutdown(signal).then(exit);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
