import type { FakeResend } from "@govconnect/testing";
import { startFakeResend } from "@govconnect/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResendTransport, retryAfterOf } from "./resend.ts";
import { SendError } from "./transport.ts";

const email = {
  to: "ada@example.gov",
  from: "GovConnect <no-reply@govconnect.example.gov>",
  subject: "Welcome",
  html: "<p>Hello</p>",
  text: "Hello",
  idempotencyKey: "email/1b4e28ba-2fa1-11d2-883f-0016d3cca427",
};

describe("the Resend transport, against a local Resend stand-in", () => {
  let fake: FakeResend;
  let baseUrl = "";
  beforeAll(async () => {
    fake = await startFakeResend();
    baseUrl = fake.url;
  });
  afterAll(() => fake.stop());

  it("sends the message with the API key and the idempotency key", async () => {
    const transport = createResendTransport({ apiKey: "re_test_key", baseUrl });
    const result = await transport.send(email);
    expect(result).toEqual({ transport: "resend", messageId: "msg_1" });
    expect(fake.received.at(-1)).toEqual({
      at: expect.any(Number),
      outcome: "delivered",
      authorization: "Bearer re_test_key",
      idempotencyKey: email.idempotencyKey,
      body: expect.objectContaining({
        from: email.from,
        to: email.to,
        subject: "Welcome",
        html: email.html,
        text: email.text,
      }),
    });
  });

  it("treats a 500 as temporary and a retry with the same key delivers once", async () => {
    const transport = createResendTransport({ apiKey: "re_test_key", baseUrl });
    const key = "email/00000000-0000-4000-8000-000000000500";
    fake.answer([500]);
    const first = await transport.send({ ...email, idempotencyKey: key }).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(SendError);
    expect((first as SendError).permanent).toBe(false);
    const before = fake.deliveries();
    const second = await transport.send({ ...email, idempotencyKey: key });
    const third = await transport.send({ ...email, idempotencyKey: key });
    expect(second.messageId).toBe(third.messageId);
    expect(fake.deliveries()).toBe(before + 1);
  });

  it("treats 429 as temporary and 422 as permanent", async () => {
    const transport = createResendTransport({ apiKey: "re_test_key", baseUrl });
    fake.answer([429, 422]);
    const limited = await transport.send(email).catch((error: unknown) => error);
    expect(limited).toMatchObject({ permanent: false });
    const invalid = await transport.send(email).catch((error: unknown) => error);
    expect(invalid).toMatchObject({ permanent: true, message: "Resend 422: scripted 422" });
  });

  it("gives up on a call Resend does not answer, as temporary; the retry with the same key delivers once", async () => {
    const transport = createResendTransport({ apiKey: "re_test_key", baseUrl, timeoutMs: 500 });
    const key = "email/00000000-0000-4000-8000-000000000408";
    fake.misbehave({ timeouts: 1, seed: 1 });
    const started = Date.now();
    const lost = await transport.send({ ...email, idempotencyKey: key }).catch((error: unknown) => error);
    fake.misbehave(undefined);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(lost).toBeInstanceOf(SendError);
    expect(lost).toMatchObject({ permanent: false, message: "Resend: no answer within 500 ms" });
    // Resend took it before the answer was lost: the retry gets the same message, not a second one.
    const retried = await transport.send({ ...email, idempotencyKey: key });
    expect(fake.delivered().get(key)).toEqual({ id: retried.messageId, to: email.to, acceptedCalls: 2 });
  });

  it("reads a 429's Retry-After, so the retry waits as long as Resend asked", async () => {
    const transport = createResendTransport({ apiKey: "re_test_key", baseUrl });
    fake.misbehave({ rateLimited: 1, retryAfterSeconds: 7, seed: 2 });
    const limited = await transport.send(email).catch((error: unknown) => error);
    fake.misbehave(undefined);
    expect(limited).toBeInstanceOf(SendError);
    expect(limited).toMatchObject({ permanent: false, retryAfterMs: 7_000 });
    expect((limited as SendError).message).toContain("Resend 429: Too many requests");
    expect(retryAfterOf({ "retry-after": "2" })).toBe(2_000);
    expect(retryAfterOf({ "retry-after": new Date(10_000).toUTCString() }, 4_000)).toBe(6_000);
    expect(retryAfterOf({ "retry-after": "soon" })).toBeUndefined();
    expect(retryAfterOf(null)).toBeUndefined();
  });

  it("treats an unreachable API as temporary", async () => {
    const transport = createResendTransport({ apiKey: "re_test_key", baseUrl: "http://127.0.0.1:9" });
    await expect(transport.send(email)).rejects.toMatchObject({ permanent: false });
  });
});
