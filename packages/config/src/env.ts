import { z } from "zod";

const port = (fallback: number) =>
  z.coerce
    .number({ error: "must be a port number" })
    .int({ error: "must be an integer from 1 to 65535" })
    .min(1, { error: "must be an integer from 1 to 65535" })
    .max(65535, { error: "must be an integer from 1 to 65535" })
    .default(fallback);

const wholeNumber = (max: number) =>
  z.coerce
    .number({ error: `must be an integer from 1 to ${max}` })
    .int({ error: `must be an integer from 1 to ${max}` })
    .min(1, { error: `must be an integer from 1 to ${max}` })
    .max(max, { error: `must be an integer from 1 to ${max}` });
const positiveInt = (fallback: number, max: number) => wholeNumber(max).default(fallback);

/** A duration in whole milliseconds from `min` to `max`. */
const milliseconds = (fallback: number, min: number, max: number) => {
  const error = `must be a number of milliseconds from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback);
};

const flag = (fallback: boolean) => z.stringbool({ error: "must be true or false" }).default(fallback);

const urlWithScheme = (schemes: readonly string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be a URL like ${example}` },
  );

/**
 * `redis://[user:password@]host:port[/db]`, or `rediss://…` for TLS (certificate always verified;
 * `?tls_ca_file=/path/ca.pem` names the CA when the system's do not cover it). Its finer rules are
 * checked where it is read, by @govconnect/redis (`redisConnectionOptions`), at start-up.
 */
const redisUrl = urlWithScheme(["redis:", "rediss:"], "redis://127.0.0.1:6379");

const originList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().refine(
        (origin) => {
          try {
            return new URL(origin).origin === origin;
          } catch {
            return false;
          }
        },
        {
          error:
            "must be a comma-separated list of origins like https://dashboard.example.gov (scheme, host, optional port; no path)",
        },
      ),
    ),
  );

/**
 * Which reverse proxies may tell us the client's address (X-Forwarded-For): their addresses or
 * CIDR ranges, `loopback`, or a hop count. Never "all": then any client could pick its own IP
 * and slip past every per-IP limit.
 */
const trustedProxies = z
  .string()
  .trim()
  .transform((value, ctx): string[] | number | false => {
    if (value === "" || value === "false") return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    const valid = entries.every(
      (entry) => /^(loopback|linklocal|uniquelocal)$/.test(entry) || /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry),
    );
    if (!valid || value === "true") {
      ctx.addIssue({
        code: "custom",
        message:
          "must list the proxies' addresses or CIDR ranges (e.g. 10.0.0.0/8,loopback) or a hop count: trusting every hop would let clients choose their IP",
      });
      return z.NEVER;
    }
    return entries;
  })
  .default(false);

/** Every environment variable GovConnect reads. `.env.example` documents each one. */
export const envSchema = z
  .object({
    NODE_ENV: z
      .enum(["development", "production", "test"], { error: "must be development, production or test" })
      .default("development"),
    HOST: z
      .string()
      .min(1, { error: "must be an interface address such as 127.0.0.1 or 0.0.0.0" })
      .default("127.0.0.1"),
    PORT: port(3000),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "must be one of fatal, error, warn, info, debug, trace, silent",
      })
      .default("info"),
    TRUST_PROXY: trustedProxies,
    CORS_ORIGINS: originList.default([]),
    DASHBOARD_DIST: z.string().min(1).optional(),
    /**
     * How the dashboard writes dates, times and numbers (a BCP 47 tag like en-IN); empty: the
     * process's own locale. Times are in the process's time zone (TZ).
     */
    LOCALE: z
      .string()
      .refine(
        (tag) => {
          try {
            return Intl.getCanonicalLocales(tag).length === 1;
          } catch {
            return false;
          }
        },
        { error: "must be a language tag like en-IN or hi-IN" },
      )
      .optional(),
    PUBLIC_URL: urlWithScheme(["http:", "https:"], "https://govconnect.example.gov").default("http://localhost:3000"),
    HTTP_REQUEST_TIMEOUT_MS: milliseconds(30_000, 1_000, 600_000),

    DATABASE_URL: urlWithScheme(
      ["postgres:", "postgresql:"],
      "postgres://user:password@host:5432/govconnect",
    ).optional(),
    DATA_DIR: z.string().min(1).default(".data"),

    REDIS_URL: redisUrl.default("redis://127.0.0.1:6379"),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,31}$/, {
        error: "must be 1–32 lower-case letters, digits, _ or -, starting with a letter",
      })
      .default("govconnect"),

    JWT_SECRET: z
      .string()
      .refine((value) => Buffer.byteLength(value, "utf8") >= 32, {
        error: "must be at least 32 bytes (e.g. `openssl rand -base64 48`)",
      })
      .optional(),
    SECOND_FACTOR_KEY: z
      .string()
      .refine((value) => Buffer.byteLength(value, "utf8") >= 32, {
        error: "must be at least 32 bytes (e.g. `openssl rand -base64 48`)",
      })
      .optional(),
    SESSION_IDLE_MINUTES: positiveInt(30, 1440),
    RATE_LIMIT_POINTS: positiveInt(100, 100_000),
    RATE_LIMIT_WINDOW_SECONDS: positiveInt(60, 86_400),
    // Unset: ten times RATE_LIMIT_POINTS (see config.ts).
    RATE_LIMIT_IP_POINTS: wholeNumber(10_000_000).optional(),
    // Open live (SSE) streams per API process: per account, and per client address (security review M4).
    LIVE_STREAMS_PER_USER: positiveInt(10, 10_000),
    LIVE_STREAMS_PER_IP: positiveInt(100, 100_000),
    BCRYPT_COST: z.coerce
      .number({ error: "must be an integer from 10 to 16" })
      .int({ error: "must be an integer from 10 to 16" })
      .min(4, { error: "must be an integer from 10 to 16" })
      .max(16, { error: "must be an integer from 10 to 16" })
      .default(12),

    RUN_WORKER: z.enum(["auto", "true", "false"], { error: "must be auto, true or false" }).default("auto"),
    WORKER_CONCURRENCY: positiveInt(8, 256),
    WORKER_HEALTH_PORT: port(3001),
    WORKER_LOCK_SECONDS: positiveInt(30, 600),
    TASK_RETRY_MAX_DELAY_MS: milliseconds(300_000, 100, 3_600_000),
    METRICS_INTERVAL_SECONDS: z.coerce
      .number({ error: "must be a whole number of seconds from 0 (off) to 86400" })
      .int({ error: "must be a whole number of seconds from 0 (off) to 86400" })
      .min(0, { error: "must be a whole number of seconds from 0 (off) to 86400" })
      .max(86_400, { error: "must be a whole number of seconds from 0 (off) to 86400" })
      .default(60),
    SHUTDOWN_TIMEOUT_MS: positiveInt(10_000, 120_000),

    MAIL_TRANSPORT: z.enum(["outbox", "smtp", "resend"], { error: "must be outbox, smtp or resend" }).default("outbox"),
    MAIL_DEFAULT_SENDER: z.string().min(3).default("GovConnect <no-reply@govconnect.local>"),
    MAIL_SERVER: z.string().min(1).optional(),
    MAIL_PORT: port(587),
    MAIL_USE_TLS: flag(true),
    MAIL_USE_SSL: flag(false),
    MAIL_USERNAME: z.string().min(1).optional(),
    MAIL_PASSWORD: z.string().min(1).optional(),
    RESEND_API_KEY: z.string().min(1).optional(),
    RESEND_BASE_URL: urlWithScheme(["http:", "https:"], "https://api.resend.com").optional(),
    RESEND_TIMEOUT_MS: milliseconds(15_000, 500, 120_000),
  })
  .superRefine((env, ctx) => {
    // BCRYPT_COST below 10 exists only to keep test suites fast.
    if (env.BCRYPT_COST < 10 && env.NODE_ENV !== "test") {
      ctx.addIssue({ code: "custom", path: ["BCRYPT_COST"], message: "must be an integer from 10 to 16" });
    }
    if (env.NODE_ENV === "production" && !env.JWT_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["JWT_SECRET"],
        message: "is required in production: at least 32 random bytes (e.g. `openssl rand -base64 48`)",
      });
    }
    if (env.MAIL_TRANSPORT === "smtp") {
      if (!env.MAIL_SERVER) {
        ctx.addIssue({
          code: "custom",
          path: ["MAIL_SERVER"],
          message: "is required when MAIL_TRANSPORT=smtp (e.g. smtp.gmail.com)",
        });
      }
      if (!env.MAIL_USERNAME || !env.MAIL_PASSWORD) {
        ctx.addIssue({
          code: "custom",
          path: [env.MAIL_USERNAME ? "MAIL_PASSWORD" : "MAIL_USERNAME"],
          message: "is required when MAIL_TRANSPORT=smtp (MAIL_USERNAME and MAIL_PASSWORD both)",
        });
      }
      if (env.MAIL_USE_SSL && env.MAIL_USE_TLS) {
        ctx.addIssue({
          code: "custom",
          path: ["MAIL_USE_SSL"],
          message: "cannot be combined with MAIL_USE_TLS: use SSL on port 465 or STARTTLS (MAIL_USE_TLS) on 587",
        });
      }
    }
    if (env.MAIL_TRANSPORT === "resend" && !env.RESEND_API_KEY) {
      ctx.addIssue({ code: "custom", path: ["RESEND_API_KEY"], message: "is required when MAIL_TRANSPORT=resend" });
    }
  });

export type Env = z.input<typeof envSchema>;
