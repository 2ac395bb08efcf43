import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.ts";

function problemsOf(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("parseConfig", () => {
  it("starts on embedded defaults with an empty environment", () => {
    const config = parseConfig({});
    expect(config.env).toBe("development");
    expect(config.http).toMatchObject({ host: "127.0.0.1", port: 3000, corsOrigins: [] });
    expect(config.database.kind).toBe("pglite");
    expect(config.redis.url).toBe("redis://127.0.0.1:6379");
    expect(config.worker.runInApi).toBe(true);
    expect(config.auth.bcryptCost).toBe(12);
    expect(config.mail.transport).toBe("outbox");
  });

  it("bounds slow clients, slow providers and retry waits, with production defaults", () => {
    const defaults = parseConfig({});
    expect(defaults.http.requestTimeoutMs).toBe(30_000);
    expect(defaults.mail.resendTimeoutMs).toBe(15_000);
    expect(defaults.worker.retryMaxDelayMs).toBe(300_000);
    const tuned = parseConfig({
      HTTP_REQUEST_TIMEOUT_MS: "3000",
      RESEND_TIMEOUT_MS: "1000",
      TASK_RETRY_MAX_DELAY_MS: "1000",
    });
    expect([tuned.http.requestTimeoutMs, tuned.mail.resendTimeoutMs, tuned.worker.retryMaxDelayMs]).toEqual([
      3_000, 1_000, 1_000,
    ]);
    expect(problemsOf({ HTTP_REQUEST_TIMEOUT_MS: "0" })).toContain(
      "HTTP_REQUEST_TIMEOUT_MS must be a number of milliseconds from 1000 to 600000",
    );
    expect(problemsOf({ RESEND_TIMEOUT_MS: "soon" })).toContain("RESEND_TIMEOUT_MS must be a number of milliseconds");
    expect(problemsOf({ TASK_RETRY_MAX_DELAY_MS: "99" })).toContain("TASK_RETRY_MAX_DELAY_MS must be a number");
  });

  it("uses PostgreSQL and separate workers when DATABASE_URL is set", () => {
    const config = parseConfig({ DATABASE_URL: "postgres://gc:pw@db.internal:5432/govconnect" });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://gc:pw@db.internal:5432/govconnect" });
    expect(config.worker.runInApi).toBe(false);
    expect(parseConfig({ DATABASE_URL: "postgresql://db/gc", RUN_WORKER: "true" }).worker.runInApi).toBe(true);
  });

  it("names an invalid variable, what it expects and what it got, on one line", () => {
    const message = problemsOf({ PORT: "eighty" });
    expect(message).toBe('Invalid configuration: PORT must be a port number (got "eighty"). See .env.example.');
    expect(message).not.toContain("\n");
  });

  it("names every bad variable at once", () => {
    const message = problemsOf({
      PORT: "70000",
      REDIS_URL: "localhost:6379",
      CORS_ORIGINS: "https://ok.gov,not a url",
    });
    expect(message).toContain('PORT must be an integer from 1 to 65535 (got "70000")');
    expect(message).toContain("REDIS_URL must be a URL like redis://127.0.0.1:6379");
    expect(message).toContain("CORS_ORIGINS must be a comma-separated list of origins");
    expect(message).not.toContain("\n");
  });

  it("never echoes secret values", () => {
    const message = problemsOf({ JWT_SECRET: "short-secret", DATABASE_URL: "mysql://root:hunter2@db/gc" });
    expect(message).toContain("JWT_SECRET must be at least 32 bytes");
    expect(message).toContain("DATABASE_URL must be a URL like postgres://");
    expect(message).not.toContain("short-secret");
    expect(message).not.toContain("hunter2");
  });

  it("requires a JWT secret in production", () => {
    expect(problemsOf({ NODE_ENV: "production" })).toContain("JWT_SECRET is required in production");
    const secret = "x".repeat(32);
    expect(parseConfig({ NODE_ENV: "production", JWT_SECRET: secret }).auth.jwtSecret).toBe(secret);
  });

  it("rejects a misconfigured mail transport at start", () => {
    expect(problemsOf({ MAIL_TRANSPORT: "smtp", MAIL_SERVER: "smtp.gmail.com" })).toContain(
      "MAIL_USERNAME is required when MAIL_TRANSPORT=smtp",
    );
    expect(problemsOf({ MAIL_TRANSPORT: "resend" })).toContain("RESEND_API_KEY is required when MAIL_TRANSPORT=resend");
    expect(problemsOf({ MAIL_TRANSPORT: "pigeon" })).toContain("MAIL_TRANSPORT must be outbox, smtp or resend");
  });

  it("takes the seed's Gmail settings by environment alone", () => {
    const config = parseConfig({
      MAIL_TRANSPORT: "smtp",
      MAIL_SERVER: "smtp.gmail.com",
      MAIL_USERNAME: "service@gmail.com",
      MAIL_PASSWORD: "app-password",
      MAIL_DEFAULT_SENDER: "service@gmail.com",
    });
    expect(config.mail.smtp).toMatchObject({ host: "smtp.gmail.com", port: 587, startTls: true, tls: false });
  });

  it("treats an empty variable as unset", () => {
    expect(parseConfig({ PORT: "", DATABASE_URL: "" }).http.port).toBe(3000);
  });

  it("parses lists and booleans", () => {
    const config = parseConfig({ CORS_ORIGINS: "https://a.gov, http://localhost:5173", MAIL_USE_TLS: "false" });
    expect(config.http.corsOrigins).toEqual(["https://a.gov", "http://localhost:5173"]);
    expect(config.mail.smtp.startTls).toBe(false);
    expect(problemsOf({ MAIL_USE_TLS: "maybe" })).toContain('MAIL_USE_TLS must be true or false (got "maybe")');
  });

  it("trusts only the proxies it is told about, never every hop", () => {
    expect(parseConfig({}).http.trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "10.0.0.0/8, loopback" }).http.trustProxy).toEqual(["10.0.0.0/8", "loopback"]);
    expect(parseConfig({ TRUST_PROXY: "1" }).http.trustProxy).toBe(1);
    expect(problemsOf({ TRUST_PROXY: "true" })).toContain("TRUST_PROXY must list the proxies' addresses");
    expect(problemsOf({ TRUST_PROXY: "everyone" })).toContain("TRUST_PROXY must list the proxies' addresses");
  });

  it("allows a cheap bcrypt cost only in tests", () => {
    expect(parseConfig({ NODE_ENV: "test", BCRYPT_COST: "4" }).auth.bcryptCost).toBe(4);
    expect(problemsOf({ BCRYPT_COST: "4" })).toContain("BCRYPT_COST must be an integer from 10 to 16");
  });
});
