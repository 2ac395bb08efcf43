import { randomUUID } from "node:crypto";
import { authenticatorApp } from "@govconnect/auth/testing";
import type { UserRole } from "@govconnect/db";
import { users } from "@govconnect/db";
import { eq } from "drizzle-orm";
import type { TestApi } from "./api.ts";
import { http } from "./http.ts";

export const TEST_PASSWORD = "correct horse battery staple";

export interface TestAccount {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly token: string;
  /** The TOTP secret, for accounts that set up a second factor (staff do, on their first sign-in). */
  readonly secret?: string;
}

/** The authenticator app of every test account: codes are never reused within a step. */
export const testAuthenticator = authenticatorApp();
const secrets = new Map<string, string>();

/**
 * Signs in over HTTP as a person would: the password, then the code when the account has a
 * second factor; staff without one set it up on the way (POST /api/auth/mfa/setup + confirm).
 */
export async function signInOverHttp(
  api: Pick<TestApi, "url">,
  username: string,
  password: string = TEST_PASSWORD,
  options: { readonly from?: string } = {},
): Promise<{ readonly token: string; readonly secret?: string }> {
  const from = options.from ? { from: options.from } : {};
  const login = await http(api.url, "POST", "/api/auth/login", { body: { username, password }, ...from });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${login.text}`);
  const answer = login.body as { token?: string; pending?: string; secondFactorSetupRequired?: boolean };
  if (answer.pending) {
    const secret = secrets.get(username);
    if (!secret) throw new Error(`${username} has a second factor these helpers did not set up`);
    const done = await http(api.url, "POST", "/api/auth/login/mfa", {
      body: { pending: answer.pending, code: await testAuthenticator.code(secret) },
      ...from,
    });
    if (done.status !== 200) throw new Error(`second step failed: ${done.status} ${done.text}`);
    return { token: (done.body as { token: string }).token, secret };
  }
  const token = answer.token ?? "";
  if (!answer.secondFactorSetupRequired) return { token };
  const begun = await http(api.url, "POST", "/api/auth/mfa/setup", { token, ...from });
  if (begun.status !== 200) throw new Error(`second-factor setup failed: ${begun.status} ${begun.text}`);
  const { secret } = begun.body as { secret: string };
  secrets.set(username, secret);
  const confirmed = await http(api.url, "POST", "/api/auth/mfa/setup/confirm", {
    token,
    body: { code: await testAuthenticator.code(secret) },
    ...from,
  });
  if (confirmed.status !== 200) throw new Error(`second-factor confirm failed: ${confirmed.status} ${confirmed.text}`);
  return { token, secret };
}

/**
 * Registers a fresh account over HTTP, gives it `role` in the database, and signs it in (staff
 * set up their second factor on the way). Its address counts as confirmed (as if its link had
 * been opened), unless `confirmed` is false.
 */
export async function signedInAccount(
  api: TestApi,
  role: UserRole = "user",
  options: { readonly confirmed?: boolean } = {},
): Promise<TestAccount> {
  const username = `t_${randomUUID().slice(0, 8)}`;
  const email = `${username}@example.gov`;
  const register = await http(api.url, "POST", "/api/auth/register", {
    body: { username, password: TEST_PASSWORD, fullName: "Test Person", email },
  });
  if (register.status !== 201) throw new Error(`registration failed: ${register.text}`);
  const [row] = await api.db
    .update(users)
    .set({ role, ...(options.confirmed === false ? {} : { emailVerifiedAt: new Date() }) })
    .where(eq(users.username, username))
    .returning();
  const signedIn = await signInOverHttp(api, username);
  return { id: row?.id ?? "", username, email, ...signedIn };
}
