import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import { envSchema } from "./env.ts";

type ParsedEnv = z.output<typeof envSchema>;

/** The validated configuration every GovConnect process starts from. */
export interface Config {
  readonly env: ParsedEnv["NODE_ENV"];
  readonly logLevel: ParsedEnv["LOG_LEVEL"];
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** Proxies trusted for X-Forwarded-For: addresses/CIDRs, a hop count, or none (false). */
    readonly trustProxy: readonly string[] | number | false;
    readonly corsOrigins: readonly string[];
    /** Where the built dashboard lives; `undefined` lets the API look beside itself. */
    readonly dashboardDist: string | undefined;
    /**
     * How long a client may take to send a whole request (headers and body); slower ones, such
     * as slowloris connections trickling headers, are answered 408 and disconnected.
     */
    readonly requestTimeoutMs: number;
  };
  readonly database:
    | { readonly kind: "postgres"; readonly url: string }
    | { readonly kind: "pglite"; readonly dataDir: string };
  readonly dataDir: string;
  readonly redis: { readonly url: string; readonly queuePrefix: string };
  readonly auth: {
    readonly jwtSecret: string | undefined;
    /** What TOTP secrets are sealed under; the JWT secret when not set (then rotating it needs re-enrolment). */
    readonly secondFactorKey: string | undefined;
    readonly bcryptCost: number;
    /** A session unused this long ends, whatever its token's expiry (the idle timeout slides). */
    readonly sessionIdleSeconds: number;
    /**
     * Requests per window, per signed-in user or, for anonymous calls, per IP; and `ipPoints`, what
     * one IP may spend in all, whoever is signed in (security review L5).
     */
    readonly rateLimit: { readonly points: number; readonly ipPoints: number; readonly windowSeconds: number };
  };
  /**
   * How many live (SSE) streams one API process holds open per account and per client address;
   * beyond, a new one is refused with 429 (security review M4).
   */
  readonly liveStreams: { readonly perUser: number; readonly perIp: number };
  readonly worker: {
    /** Whether the API process also runs the workers (`auto`: when the database is embedded). */
    readonly runInApi: boolean;
    readonly concurrency: number;
    readonly healthPort: number;
    /** A job's lock; when a worker dies mid-job, another picks the job up after this long. */
    readonly lockMs: number;
    /** The longest wait between two retries of a task (backoff doubles up to it). */
    readonly retryMaxDelayMs: number;
    /** How often the healthcare figures are sampled for the dashboard's charts; 0: never. */
    readonly metricsIntervalSeconds: number;
  };
  readonly shutdownTimeoutMs: number;
  /** How people are shown dates, times and numbers: the deployment's locale and time zone. */
  readonly display: { readonly locale: string; readonly timeZone: string };
  readonly mail: {
    /** Where people reach GovConnect; links in emails point here. */
    readonly publicUrl: string;
    readonly transport: ParsedEnv["MAIL_TRANSPORT"];
    readonly from: string;
    readonly smtp: {
      readonly host: string | undefined;
      readonly port: number;
      readonly startTls: boolean;
      readonly tls: boolean;
      readonly username: string | undefined;
      readonly password: string | undefined;
    };
    readonly resendApiKey: string | undefined;
    /** Resend's API address; set only to point at a stand-in (tests). */
    readonly resendBaseUrl: string | undefined;
    /** How long one call to Resend may take; then it counts as a temporary failure and is retried. */
    readonly resendTimeoutMs: number;
  };
}

/** A configuration that cannot start GovConnect; `message` is one line that names each bad variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join("; ")}. See .env.example.`);
    this.problems = problems;
  }
}

const SECRET_NAME = /SECRET|PASSWORD|KEY|DATABASE_URL|REDIS_URL/;

function describeValue(name: string, value: string | undefined): string {
  if (value === undefined || value === "") return " (not set)";
  if (SECRET_NAME.test(name)) return "";
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return ` (got ${JSON.stringify(shown)})`;
}

/**
 * Parses an environment (by default `process.env`) into a {@link Config}.
 * Throws {@link ConfigError} naming every variable that is missing or wrong.
 */
export function parseConfig(source: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const env = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      return `${name} ${issue.message}${describeValue(name, env[name])}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const e = result.data;
  const dataDir = resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    http: {
      host: e.HOST,
      port: e.PORT,
      trustProxy: e.TRUST_PROXY,
      corsOrigins: e.CORS_ORIGINS,
      dashboardDist: e.DASHBOARD_DIST === undefined ? undefined : resolve(e.DASHBOARD_DIST),
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    },
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: resolve(dataDir, "pglite") },
    dataDir,
    redis: { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX },
    auth: {
      jwtSecret: e.JWT_SECRET,
      secondFactorKey: e.SECOND_FACTOR_KEY,
      bcryptCost: e.BCRYPT_COST,
      sessionIdleSeconds: e.SESSION_IDLE_MINUTES * 60,
      rateLimit: {
        points: e.RATE_LIMIT_POINTS,
        // Room for an office of people behind one address, each at a person's pace.
        ipPoints: e.RATE_LIMIT_IP_POINTS ?? e.RATE_LIMIT_POINTS * 10,
        windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      },
    },
    liveStreams: { perUser: e.LIVE_STREAMS_PER_USER, perIp: e.LIVE_STREAMS_PER_IP },
    worker: {
      runInApi: e.RUN_WORKER === "auto" ? !e.DATABASE_URL : e.RUN_WORKER === "true",
      concurrency: e.WORKER_CONCURRENCY,
      healthPort: e.WORKER_HEALTH_PORT,
      lockMs: e.WORKER_LOCK_SECONDS * 1000,
      retryMaxDelayMs: e.TASK_RETRY_MAX_DELAY_MS,
      metricsIntervalSeconds: e.METRICS_INTERVAL_SECONDS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    display: {
      locale: e.LOCALE
        ? (Intl.getCanonicalLocales(e.LOCALE)[0] ?? e.LOCALE)
        : Intl.DateTimeFormat().resolvedOptions().locale,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
    mail: {
      publicUrl: e.PUBLIC_URL.replace(/\/$/, ""),
      transport: e.MAIL_TRANSPORT,
      from: e.MAIL_DEFAULT_SENDER,
      smtp: {
        host: e.MAIL_SERVER,
        port: e.MAIL_PORT,
        startTls: e.MAIL_USE_TLS && !e.MAIL_USE_SSL,
        tls: e.MAIL_USE_SSL,
        username: e.MAIL_USERNAME,
        password: e.MAIL_PASSWORD,
      },
      resendApiKey: e.RESEND_API_KEY,
      resendBaseUrl: e.RESEND_BASE_URL,
      resendTimeoutMs: e.RESEND_TIMEOUT_MS,
    },
  };
}

/**
 * What every GovConnect process calls first: reads `.env` from the working directory when there is
 * one (variables already set win; `GOVCONNECT_DOTENV=0` skips it), parses the environment, and on a bad value prints one line to
 * stderr and exits with status 78 (EX_CONFIG) — no stack trace.
 */
export function loadConfigOrExit(): Config {
  const dotenv = resolve(".env");
  // GOVCONNECT_DOTENV=0: the environment alone (test harnesses, so a developer's .env cannot leak in).
  if (process.env.GOVCONNECT_DOTENV !== "0" && existsSync(dotenv)) process.loadEnvFile(dotenv);
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
