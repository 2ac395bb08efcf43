import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import { http } from "../src/testing/http.ts";

const PASSWORD = "correct horse battery staple";

describe("rate limits shared by two API instances", () => {
  let first: TestApi;
  let second: TestApi;
  beforeAll(async () => {
    // Two processes' worth of API over one Redis: the limits must hold across them.
    const shared = { JWT_SECRET: "rate-limit-tests-secret-rate-limit-tests!", QUEUE_PREFIX: `rl${Date.now()}` };
    first = await startTestApi(shared);
    second = await startTestApi(shared);
  });
  afterAll(() => Promise.all([first.stop(), second.stop()]));

  it("allows 100 anonymous requests per minute per IP across instances; the 101st gets 429 with Retry-After", async () => {
    const from = "127.0.0.21";
    for (let i = 0; i < 100; i++) {
      const api = i % 2 === 0 ? first : second;
      const response = await http(api.url, "GET", "/api/auth/verify", { from });
      expect(response.status).toBe(401);
      expect(response.headers["ratelimit-limit"]).toBe("100");
      expect(response.headers["ratelimit-remaining"]).toBe(String(99 - i));
    }
    const refused = await http(first.url, "GET", "/api/auth/verify", { from });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(refused.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect(refused.headers["ratelimit-remaining"]).toBe("0");
    expect(refused.body).toEqual({ error: expect.stringMatching(/^Too many requests: the limit is 100 per window/) });

    // Without TRUST_PROXY, a forged X-Forwarded-For does not buy a fresh bucket.
    const spoofed = await http(second.url, "GET", "/api/auth/verify", {
      from,
      headers: { "x-forwarded-for": "203.0.113.99" },
    });
    expect(spoofed.status).toBe(429);

    const elsewhere = await http(second.url, "GET", "/api/auth/verify", { from: "127.0.0.22" });
    expect(elsewhere.status).toBe(401);
  });

  it("blocks a username+IP pair on the 11th attempt even with the right password; the user still signs in from another IP", async () => {
    const username = `victim_${randomUUID().slice(0, 8)}`;
    const register = await http(first.url, "POST", "/api/auth/register", {
      body: { username, password: PASSWORD, fullName: "Victim", email: `${username}@example.gov` },
      from: "127.0.0.30",
    });
    expect(register.status).toBe(201);

    const attacker = "127.0.0.31";
    for (let i = 0; i < 10; i++) {
      const api = i % 2 === 0 ? first : second;
      const failed = await http(api.url, "POST", "/api/auth/login", {
        body: { username, password: `guess number ${i}` },
        from: attacker,
      });
      expect(failed.status).toBe(401);
    }
    const blocked = await http(first.url, "POST", "/api/auth/login", {
      body: { username, password: PASSWORD },
      from: attacker,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({
      error: expect.stringMatching(/^Too many failed sign-in attempts: try again in \d+ minutes$/),
    });
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(3500);

    // `first` holds the account in the PGlite run (each instance has its own embedded database).
    const owner = await http(first.url, "POST", "/api/auth/login", {
      body: { username, password: PASSWORD },
      from: "127.0.0.32",
    });
    expect(owner.status).toBe(200);
  });

  it("guards the current-password check of PUT /api/auth/me like sign-in (a borrowed session is no oracle)", async () => {
    const username = `borrowed_${randomUUID().slice(0, 8)}`;
    const from = "127.0.0.40";
    await http(first.url, "POST", "/api/auth/register", {
      body: { username, password: PASSWORD, fullName: "B", email: `${username}@example.gov` },
      from,
    });
    const login = await http(first.url, "POST", "/api/auth/login", { body: { username, password: PASSWORD }, from });
    const { token } = login.body as { token: string };
    for (let i = 0; i < 10; i++) {
      const guess = await http(first.url, "PUT", "/api/auth/me", {
        token,
        body: { email: `new${i}@example.gov`, current_password: `guess ${i}` },
        from,
      });
      expect(guess.status).toBe(403);
    }
    const blocked = await http(first.url, "PUT", "/api/auth/me", {
      token,
      body: { email: "new@example.gov", current_password: PASSWORD },
      from,
    });
    expect(blocked.status).toBe(429);
  });
});
