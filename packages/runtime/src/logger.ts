import { createRequire } from "node:module";
import type { Logger } from "pino";
import { pino } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  /** The process: `api`, `worker`. Every line carries it. */
  readonly name: string;
  readonly level: string;
  /** Human-readable lines (pino-pretty) instead of JSON; defaults to "a terminal in development". */
  readonly pretty?: boolean;
}

function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}

/**
 * JSON lines for production (one object per line, ready for a log shipper); pretty lines on a
 * developer's terminal. Secrets that may ride along on requests are redacted.
 */
export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? (process.stdout.isTTY === true && prettyAvailable());
  return pino({
    name: options.name,
    level: options.level,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'res.headers["set-cookie"]',
        "*.password",
        "*.token",
        "*.secret",
      ],
      censor: "[redacted]",
    },
    ...(pretty
      ? { transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" } } }
      : {}),
  });
}
