import { randomUUID } from "node:crypto";
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
}

/**
 * Registers a fresh account over HTTP, gives it `role` in the database, and signs it in. Its
 * address counts as confirmed (as if its link had been opened), unless `confirmed` is false.
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
  const login = await http(api.url, "POST", "/api/auth/login", { body: { username, password: TEST_PASSWORD } });
  return { id: row?.id ?? "", username, email, token: (login.body as { token: string }).token };
}
