export { createLifecycle, exitOnSignals, type Lifecycle } from "./lifecycle.ts";
export { createLogger, type Logger, type LoggerOptions } from "./logger.ts";
export { type ExplainedError, isExplained, type ProcessOptions, runMain, runProcess } from "./main.ts";
export { MINIMUM_NODE_VERSION, unsupportedNodeReason } from "./node-version.ts";
export { redactUrl } from "./redact.ts";
export { withTimeout } from "./timeout.ts";
