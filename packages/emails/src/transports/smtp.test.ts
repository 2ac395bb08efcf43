import { freePort, selfSignedCertificate } from "@govconnect/testing";
import type { ParsedMail } from "mailparser";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmtpTransport } from "./smtp.ts";

describe("the SMTP transport, against a real SMTP server with STARTTLS and auth", () => {
  const received: ParsedMail[] = [];
  const tls = selfSignedCertificate();
  let port = 0;
  let server: SMTPServer;
  let rejectNext = 0;

  beforeAll(async () => {
    port = await freePort();
    server = new SMTPServer({
      ...tls,
      authMethods: ["PLAIN", "LOGIN"],
      onAuth(auth, session, callback) {
        // Credentials only over TLS, as STARTTLS was required.
        if (!session.secure) return callback(new Error("TLS first"));
        if (auth.username === "service@example.gov" && auth.password === "app-password")
          return callback(null, { user: "service" });
        callback(new Error("Invalid username or password"));
      },
      onRcptTo(_address, _session, callback) {
        if (rejectNext > 0) {
          rejectNext--;
          return callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
        }
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => {
          received.push(mail);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const transport = (password = "app-password") =>
    createSmtpTransport({
      host: "localhost",
      port,
      startTls: true,
      tls: false,
      username: "service@example.gov",
      password,
      ca: tls.cert,
    });

  it("delivers subject, HTML and text over STARTTLS after authenticating", async () => {
    const smtp = transport();
    const result = await smtp.send({
      to: "ada@example.gov",
      from: "GovConnect <service@example.gov>",
      subject: "Welcome to GovConnect Healthcare - Account Created Successfully",
      html: "<h1>Welcome, Ada</h1>",
      text: "Welcome, Ada",
      idempotencyKey: "email/abc",
    });
    await smtp.close();
    expect(result.transport).toBe("smtp");
    const mail = received.at(-1);
    expect(mail?.subject).toBe("Welcome to GovConnect Healthcare - Account Created Successfully");
    expect(mail?.html).toContain("<h1>Welcome, Ada</h1>");
    expect(mail?.text?.trim()).toBe("Welcome, Ada");
    expect(mail?.headers.get("x-govconnect-email-id")).toBe("email/abc");
  });

  it("calls a rejected recipient (5xx) permanent and bad credentials permanent too", async () => {
    rejectNext = 1;
    const smtp = transport();
    const rejected = await smtp
      .send({
        to: "nobody@example.gov",
        from: "service@example.gov",
        subject: "s",
        html: "h",
        text: "t",
        idempotencyKey: "k",
      })
      .catch((error: unknown) => error);
    await smtp.close();
    expect(rejected).toMatchObject({ name: "SendError", permanent: true });
    const badLogin = transport("wrong");
    const denied = await badLogin
      .send({
        to: "ada@example.gov",
        from: "service@example.gov",
        subject: "s",
        html: "h",
        text: "t",
        idempotencyKey: "k",
      })
      .catch((error: unknown) => error);
    await badLogin.close();
    expect(denied).toMatchObject({ name: "SendError" });
  });

  it("refuses a server whose certificate it cannot verify", async () => {
    const untrusting = createSmtpTransport({
      host: "localhost",
      port,
      startTls: true,
      tls: false,
      username: "service@example.gov",
      password: "app-password",
    });
    await expect(
      untrusting.send({
        to: "ada@example.gov",
        from: "service@example.gov",
        subject: "s",
        html: "h",
        text: "t",
        idempotencyKey: "k",
      }),
    ).rejects.toMatchObject({ name: "SendError" });
    await untrusting.close();
  });
});
