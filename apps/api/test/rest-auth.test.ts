import { randomUUID } from "node:crypto";
import { users } from "@govconnect/db";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { eq } from "drizzle-orm";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import type { HttpOptions } from "../src/testing/http.ts";
import { cookieFrom, http } from "../src/testing/http.ts";

const JWT_SECRET = "auth-tests-shared-secret-auth-tests-shared-secret";
const PASSWORD = "correct horse battery staple";

let api: TestApi;
const call = (method: string, path: string, options?: HttpOptions) => http(api.url, method, path, options);

/** A unique account per test, so tests (and the PostgreSQL run's shared database) never collide. */
function newAccount(overrides: Record<string, string> = {}) {
  const id = randomUUID().slice(0, 8);
  return {
    username: `user_${id}`,
    password: PASSWORD,
    fullName: "Ada Lovelace",
    email: `ada.${id}@example.gov`,
    ...overrides,
  };
}

async function registered(overrides: Record<string, string> = {}) {
  const account = newAccount(overrides);
  const response = await call("POST", "/api/auth/register", { body: account });
  expect(response.status).toBe(201);
  return account;
}

async function signedIn(overrides: Record<string, string> = {}) {
  const account = await registered(overrides);
  const response = await call("POST", "/api/auth/login", {
    body: { username: account.username, password: account.password },
  });
  expect(response.status).toBe(200);
  return { account, token: (response.body as { token: string }).token, response };
}

beforeAll(async () => {
  api = await startTestApi({ JWT_SECRET, QUEUE_PREFIX: `auth${Date.now()}` });
});
afterAll(() => api.stop());

describe("POST /api/auth/register", () => {
  it("201 with the seed's shape; the password is never echoed", async () => {
    const account = newAccount();
    const response = await call("POST", "/api/auth/register", { body: account });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      message: "Registration successful",
      user: { username: account.username, fullName: "Ada Lovelace", email: account.email, role: "user" },
    });
    expect(response.text).not.toContain(PASSWORD);
  });

  it("409 for a taken username (whatever its case) or email, naming the field", async () => {
    const first = await registered();
    const sameName = await call("POST", "/api/auth/register", {
      body: newAccount({ username: first.username.toUpperCase() }),
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toEqual({
      error: "That username is taken: choose another",
      issues: [{ path: "username", message: "That username is taken: choose another" }],
    });
    // An address is taken once its owner confirmed it (an unconfirmed one blocks nobody: accounts.test.ts).
    await api.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.username, first.username));
    const sameEmail = await call("POST", "/api/auth/register", { body: newAccount({ email: first.email }) });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body).toMatchObject({ error: "An account with that email address already exists" });
  });

  it("400 with a message per bad field", async () => {
    const response = await call("POST", "/api/auth/register", {
      body: { username: "a!", password: "short", fullName: "", email: "not-an-email" },
    });
    expect(response.status).toBe(400);
    const { issues } = response.body as { issues: Array<{ path: string; message: string }> };
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: "username", message: "Username must be 3 to 32 characters" },
        { path: "password", message: "Password must be at least 8 characters" },
        { path: "fullName", message: "Full name is required" },
        { path: "email", message: "Email must be a valid address, like name@example.gov" },
      ]),
    );
  });

  it("400 for a common password, an overlong one, and disallowed username characters", async () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ password: "iloveyou123" }, "password", /most common passwords/],
      [{ password: "x".repeat(129) }, "password", /at most 128 characters/],
      [{ username: "robert'); drop" }, "username", /only letters, digits/],
    ];
    for (const [override, path, message] of cases) {
      const response = await call("POST", "/api/auth/register", { body: newAccount(override) });
      expect(response.status).toBe(400);
      const { issues } = response.body as { issues: Array<{ path: string; message: string }> };
      expect(issues.find((issue) => issue.path === path)?.message).toMatch(message);
    }
  });

  it("400 for a smuggled role (unknown keys are refused, not ignored)", async () => {
    const response = await call("POST", "/api/auth/register", { body: { ...newAccount(), role: "admin" } });
    expect(response.status).toBe(400);
    expect((response.body as { error: string }).error).toMatch(/role/);
  });

  it("400 with a clear message for a body that is not JSON, or not an object", async () => {
    const broken = await call("POST", "/api/auth/register", { rawBody: '{"username": ' });
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ error: "Request body is not valid JSON" });
    const array = await call("POST", "/api/auth/register", { body: [1, 2] });
    expect(array.status).toBe(400);
    const poisoned = await call("POST", "/api/auth/register", {
      rawBody: '{"__proto__": {"role": "admin"}, "username": "x"}',
    });
    expect(poisoned.status).toBe(400);
  });
});

describe("POST /api/auth/login", () => {
  it("200 with token and user, and the token as an httpOnly SameSite cookie", async () => {
    const { account, response } = await signedIn();
    expect(response.body).toEqual({
      message: "Login successful",
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      user: { username: account.username, fullName: account.fullName, email: account.email, role: "user" },
    });
    const setCookie = String(response.headers["set-cookie"]);
    expect(setCookie).toMatch(/^access_token=[\w.-]+;/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/");
    const { header } = jwt.decode((response.body as { token: string }).token, { complete: true }) ?? {};
    expect(header?.alg).toBe("HS256");
  });

  it("401 with the same body for a wrong password and an unknown user", async () => {
    const account = await registered();
    const wrong = await call("POST", "/api/auth/login", {
      body: { username: account.username, password: "wrong password!" },
    });
    const unknown = await call("POST", "/api/auth/login", {
      body: { username: "nobody_here", password: "wrong password!" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ error: "Invalid username or password" });
    expect(unknown.body).toEqual(wrong.body);
  });

  it("signs in whatever the username's case", async () => {
    const account = await registered();
    const response = await call("POST", "/api/auth/login", {
      body: { username: account.username.toUpperCase(), password: PASSWORD },
    });
    expect(response.status).toBe(200);
  });

  it("400 for missing fields", async () => {
    const response = await call("POST", "/api/auth/login", { body: { username: "someone" } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ issues: [{ path: "password", message: "Password is required" }] });
  });

  it("never lets a 73-byte password be matched by its 72-byte prefix", async () => {
    const long = `${"p".repeat(72)}Q`;
    const account = await registered({ password: long });
    const prefix = await call("POST", "/api/auth/login", {
      body: { username: account.username, password: long.slice(0, 72) },
    });
    expect(prefix.status).toBe(401);
    const full = await call("POST", "/api/auth/login", { body: { username: account.username, password: long } });
    expect(full.status).toBe(200);
  });
});

describe("GET /api/auth/verify and the session", () => {
  it("200 with a Bearer token, and with the cookie alone", async () => {
    const { account, token, response } = await signedIn();
    const expected = {
      valid: true,
      user: { username: account.username, fullName: account.fullName, email: account.email, role: "user" },
    };
    const bearer = await call("GET", "/api/auth/verify", { token });
    expect(bearer.status).toBe(200);
    expect(bearer.body).toEqual(expected);
    const byCookie = await call("GET", "/api/auth/verify", { cookie: cookieFrom(response, "access_token") });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body).toEqual(expected);
  });

  it("401 without a token, and for alg none, another algorithm, a forged signature, expiry and a future nbf", async () => {
    const { token } = await signedIn();
    const claims = jwt.decode(token) as jwt.JwtPayload;
    const now = Math.floor(Date.now() / 1000);
    const base = { sub: claims.sub, jti: claims.jti, iss: "govconnect", aud: "govconnect" };
    const header = (alg: string) => Buffer.from(JSON.stringify({ alg, typ: "JWT" })).toString("base64url");
    const body = Buffer.from(JSON.stringify({ ...base, exp: now + 600 })).toString("base64url");
    const bad = {
      "alg none": `${header("none")}.${body}.`,
      HS512: jwt.sign({ ...base, exp: now + 600 }, JWT_SECRET, { algorithm: "HS512" }),
      forged: jwt.sign({ ...base, exp: now + 600 }, "a-different-secret-of-sufficient-length!!", {
        algorithm: "HS256",
      }),
      expired: jwt.sign({ ...base, exp: now - 30 }, JWT_SECRET, { algorithm: "HS256" }),
      "nbf in the future": jwt.sign({ ...base, exp: now + 600, nbf: now + 300 }, JWT_SECRET, { algorithm: "HS256" }),
      "tampered payload": `${token.split(".")[0]}.${Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString("base64url")}.${token.split(".")[2]}`,
      garbage: "definitely-not-a-jwt",
    };
    const missing = await call("GET", "/api/auth/verify");
    expect(missing.status).toBe(401);
    expect((missing.body as { error: string }).error).toMatch(/^Sign in to continue/);
    for (const [name, badToken] of Object.entries(bad)) {
      const response = await call("GET", "/api/auth/verify", { token: badToken });
      expect(response.status, name).toBe(401);
      expect(response.body, name).toEqual({ error: "Your session has expired or ended: sign in again" });
    }
  });

  it("ends at logout: the token is refused, the cookie cleared", async () => {
    const { token } = await signedIn();
    const logout = await call("POST", "/api/auth/logout", { token });
    expect(logout.status).toBe(200);
    expect(logout.body).toEqual({ message: "Logged out successfully" });
    expect(String(logout.headers["set-cookie"])).toMatch(/^access_token=;.*Expires=Thu, 01 Jan 1970/);
    expect((await call("GET", "/api/auth/verify", { token })).status).toBe(401);
    expect((await call("POST", "/api/auth/logout", { token })).status).toBe(401);
  });

  it.runIf(testDatabaseTarget().kind === "postgres")(
    "a logout on one API instance is honoured by another sharing Redis",
    async () => {
      const prefix = `auth-shared-${Date.now()}`;
      const first = await startTestApi({ JWT_SECRET, QUEUE_PREFIX: prefix });
      const second = await startTestApi({ JWT_SECRET, QUEUE_PREFIX: prefix });
      try {
        const account = await registered();
        const login = await http(first.url, "POST", "/api/auth/login", {
          body: { username: account.username, password: PASSWORD },
        });
        const { token } = login.body as { token: string };
        expect((await http(second.url, "GET", "/api/auth/verify", { token })).status).toBe(200);
        expect((await http(first.url, "POST", "/api/auth/logout", { token })).status).toBe(200);
        expect((await http(second.url, "GET", "/api/auth/verify", { token })).status).toBe(401);
      } finally {
        await Promise.all([first.stop(), second.stop()]);
      }
    },
  );
});

describe("GET and PUT /api/auth/me", () => {
  it("returns the caller's account, flat", async () => {
    const { account, token } = await signedIn();
    const me = await call("GET", "/api/auth/me", { token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: expect.any(String),
      username: account.username,
      fullName: account.fullName,
      email: account.email,
      role: "user",
      emailVerified: false,
      pendingEmail: null,
    });
  });

  it("changes the name without the password, with the original clients' full_name too", async () => {
    const { token } = await signedIn();
    const camel = await call("PUT", "/api/auth/me", { token, body: { fullName: "Ada King" } });
    expect(camel.status).toBe(200);
    expect(camel.body).toMatchObject({ fullName: "Ada King" });
    const legacy = await call("PUT", "/api/auth/me", { token, body: { full_name: "Ada, Countess of Lovelace" } });
    expect(legacy.status).toBe(200);
    expect(legacy.body).toMatchObject({ fullName: "Ada, Countess of Lovelace" });
  });

  it("needs the current password to change email or password, and refuses unknown keys", async () => {
    const { token } = await signedIn();
    const noPassword = await call("PUT", "/api/auth/me", { token, body: { email: "new@example.gov" } });
    expect(noPassword.status).toBe(400);
    expect(noPassword.body).toMatchObject({ issues: [{ path: "currentPassword" }] });
    const wrongPassword = await call("PUT", "/api/auth/me", {
      token,
      body: { password: "a brand new passphrase", current_password: "not my password" },
    });
    expect(wrongPassword.status).toBe(403);
    expect(wrongPassword.body).toMatchObject({ error: "The current password is not correct" });
    const role = await call("PUT", "/api/auth/me", { token, body: { role: "admin" } });
    expect(role.status).toBe(400);
    const nothing = await call("PUT", "/api/auth/me", { token, body: {} });
    expect(nothing.status).toBe(400);
  });

  it("a password change ends every other session and keeps the current one", async () => {
    const { account, token: laptop } = await signedIn();
    const phoneLogin = await call("POST", "/api/auth/login", {
      body: { username: account.username, password: PASSWORD },
    });
    const phone = (phoneLogin.body as { token: string }).token;
    const change = await call("PUT", "/api/auth/me", {
      token: laptop,
      body: { password: "a brand new passphrase", current_password: PASSWORD },
    });
    expect(change.status).toBe(200);
    expect((await call("GET", "/api/auth/verify", { token: phone })).status).toBe(401);
    expect((await call("GET", "/api/auth/verify", { token: laptop })).status).toBe(200);
    const oldPassword = await call("POST", "/api/auth/login", {
      body: { username: account.username, password: PASSWORD },
    });
    expect(oldPassword.status).toBe(401);
    const newPassword = await call("POST", "/api/auth/login", {
      body: { username: account.username, password: "a brand new passphrase" },
    });
    expect(newPassword.status).toBe(200);
  });

  it("401 without a session", async () => {
    expect((await call("GET", "/api/auth/me")).status).toBe(401);
    expect((await call("PUT", "/api/auth/me", { body: { fullName: "x" } })).status).toBe(401);
  });
});

describe("the same procedures over tRPC", () => {
  it("register and login set the cookie, and me reads it", async () => {
    const account = newAccount();
    const register = await call("POST", "/trpc/auth.register", { body: account });
    expect(register.status).toBe(200);
    const login = await call("POST", "/trpc/auth.login", { body: { username: account.username, password: PASSWORD } });
    expect(login.status).toBe(200);
    const cookie = cookieFrom(login, "access_token");
    expect(cookie).toBeDefined();
    const me = await call("GET", "/trpc/auth.me", { cookie });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ result: { data: { username: account.username } } });
  });

  it("validation errors carry the field issues", async () => {
    const response = await call("POST", "/trpc/auth.register", { body: { ...newAccount(), email: "nope" } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: {
        data: { code: "BAD_REQUEST", issues: [{ path: "email", message: expect.stringMatching(/valid address/) }] },
      },
    });
  });
});
