import { loadConfigOrExit } from "@govconnect/config";
import { runProcess } from "@govconnect/runtime";
import { startApi } from "./start.ts";

const config = loadConfigOrExit();
await runProcess(
  { name: "api", logLevel: config.logLevel, shutdownTimeoutMs: config.shutdownTimeoutMs },
  (logger, lifecycle) => startApi(config, logger, lifecycle),
);
