import { loadConfigOrExit } from "@govconnect/config";
import { createLifecycle, createLogger, exitOnSignals, runMain } from "@govconnect/runtime";
import { startWorker } from "./start.ts";

const config = loadConfigOrExit();
const logger = createLogger({ name: "worker", level: config.logLevel });
const lifecycle = createLifecycle(logger, config.shutdownTimeoutMs);
exitOnSignals(lifecycle, logger);

await runMain(logger, async () => {
  try {
    await startWorker(config, logger, lifecycle);
  } catch (error) {
    await lifecycle.shutdown("start-up failed");
    throw error;
  }
});
