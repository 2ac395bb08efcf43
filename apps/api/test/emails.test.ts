import { emailOutbox } from "@govconnect/db";
import type { FakeResend } from "@govconnect/testing";
import { startFakeResend } from "@govconnect/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInAccount, TEST_PASSWORD } from "../src/testing/accounts.ts";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import { http } from "../src/testing/http.ts";

let api: TestApi;
let resend: FakeResend;

const WELCOME_SUBJECT = "Welcome to GovConnect Healthcare - Account Created Successfully";

/** The welcome email to `recipient` (a sign-up also sends a confirmation link to the same address). */
async function emailFor(recipient: string, status: "sent" | "failed") {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [row] = await api.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.recipient, recipient), eq(emailOutbox.template, "welcome")));
    if (row?.status === status) return row;
    if (Date.now() > deadline)
      throw new Error(`the email to ${recipient} is ${row?.status ?? "not written"}, not ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  resend = await startFakeResend();
  api = await startTestApi({
    QUEUE_PREFIX: `emails${Date.now()}`,
    RUN_WORKER: "true",
    MAIL_TRANSPORT: "resend",
    RESEND_API_KEY: "re_test_key",
    RESEND_BASE_URL: resend.url,
  });
});
afterAll(async () => {
  await api.stop();
  await resend.stop();
});

describe("the welcome email through Resend", () => {
  it("a provider failing during registration does not fail it; the email is sent once when the provider is back", async () => {
    const username = `w_${Date.now()}`;
    // Scripted per recipient: other tests' emails must not consume this failure.
    resend.answerFor(`${username}@example.gov`, [500], WELCOME_SUBJECT);
    const register = await http(api.url, "POST", "/api/auth/register", {
      body: { username, password: TEST_PASSWORD, fullName: "Grace Hopper", email: `${username}@example.gov` },
    });
    expect(register.status).toBe(201);
    const email = await emailFor(`${username}@example.gov`, "sent");
    expect(email).toMatchObject({
      template: "welcome",
      transport: "resend",
      attempts: 2,
      subject: WELCOME_SUBJECT,
    });
    const calls = resend.received.filter((call) => call.idempotencyKey === `email/${email.id}`);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.body).toMatchObject({ to: `${username}@example.gov`, subject: email.subject });
  });
});

describe("single-use links through a real transport", () => {
  it("leave no copy in the outbox once sent: the recipient got the link, the row keeps only that it was sent", async () => {
    const username = `l_${Date.now()}`;
    const recipient = `${username}@example.gov`;
    await http(api.url, "POST", "/api/auth/register", {
      body: { username, password: TEST_PASSWORD, fullName: "Link Keeper", email: recipient },
    });
    const deadline = Date.now() + 30_000;
    let row: typeof emailOutbox.$inferSelect | undefined;
    while (Date.now() < deadline && row?.status !== "sent") {
      [row] = await api.db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.recipient, recipient), eq(emailOutbox.template, "email_verification")));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({ status: "sent", transport: "resend", html: null, text: null });
    const delivered = resend.received.find((call) => call.idempotencyKey === `email/${row?.id}`);
    const link = /#\/verify-email\?token=([\w-]{43})/.exec(JSON.stringify(delivered?.body))?.[1];
    expect(link).toBeDefined();
    expect(JSON.stringify(row)).not.toContain(link);
  });
});

describe("the delivery log", () => {
  it("lists failed emails to admins only, and re-sends one", async () => {
    const admin = await signedInAccount(api, "admin");
    const citizen = await signedInAccount(api);
    const username = `f_${Date.now()}`;
    const recipient = `${username}@example.gov`;
    resend.answerFor(recipient, [422], WELCOME_SUBJECT);
    await http(api.url, "POST", "/api/auth/register", {
      body: { username, password: TEST_PASSWORD, fullName: "Refused", email: recipient },
    });
    const failed = await emailFor(recipient, "failed");
    expect(failed.lastError).toBe("Resend 422: scripted 422");

    expect((await http(api.url, "GET", "/api/admin/emails?status=failed", { token: citizen.token })).status).toBe(403);
    const log = await http(api.url, "GET", "/api/admin/emails?status=failed", { token: admin.token });
    expect(log.status).toBe(200);
    const { emails } = log.body as { emails: Array<{ id: string; recipient: string; status: string }> };
    expect(emails.find((e) => e.id === failed.id)).toMatchObject({ recipient, status: "failed" });

    const again = await http(api.url, "POST", `/api/admin/emails/${failed.id}/resend`, { token: admin.token });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: failed.id, status: "queued" });
    expect((await emailFor(recipient, "sent")).transport).toBe("resend");
    const twice = await http(api.url, "POST", `/api/admin/emails/${failed.id}/resend`, { token: admin.token });
    expect(twice.status).toBe(409);
    expect(twice.body).toEqual({ error: "Only a failed email can be sent again; this one is sent" });
  });
});
