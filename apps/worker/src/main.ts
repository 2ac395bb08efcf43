import { loadConfigOrExit } from "@govconnect/config";
import { runProcess } from "@govconnect/runtime";
import { startWorker } from "./start.ts";

const config = loadConfigOrExit();
await runProcess(
  { name: "worker", logLevel: config.logLevel, shutdownTimeoutMs: config.shutdownTimeoutMs },
  (logger, lifecycle) => startWorker(config, logger, lifecycle),
);
