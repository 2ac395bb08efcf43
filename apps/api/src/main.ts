import { loadConfigOrExit } from "@govconnect/config";
import { createLifecycle, createLogger, exitOnSignals, runMain } from "@govconnect/runtime";
import { startApi } from "./start.ts";

const config = loadConfigOrExit();
const logger = createLogger({ name: "api", level: config.logLevel });
const lifecycle = createLifecycle(logger, config.shutdownTimeoutMs);
exitOnSignals(lifecycle, logger);

await runMain(logger, async () => {
  try {
    await startApi(config, logger, lifecycle);
  } catch (error) {
    // Close whatever did open before reporting why start-up failed.
    await lifecycle.shutdown("start-up failed");
    throw error;
  }
});
