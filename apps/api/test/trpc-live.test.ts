import { randomUUID } from "node:crypto";
import type { UserRole } from "@govconnect/db";
import { testDatabaseTarget } from "@govconnect/testing/inject";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInAccount } from "../src/testing/accounts.ts";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import type { HttpOptions } from "../src/testing/http.ts";
import { http } from "../src/testing/http.ts";
import { openEventStream } from "../src/testing/sse.ts";
import { finishedTask } from "./support/tasks.ts";

const PASSWORD = "correct horse battery staple";
let api: TestApi;
const call = (method: string, path: string, options?: HttpOptions) => http(api.url, method, path, options);

const account = (role: UserRole = "user") => signedInAccount(api, role);
const finished = (taskId: string, token: string) => finishedTask(api, taskId, token);

beforeAll(async () => {
  api = await startTestApi({ QUEUE_PREFIX: `live${Date.now()}`, RUN_WORKER: "true", RATE_LIMIT_POINTS: "10000" });
});
afterAll(() => api.stop());

describe("tasks.onStatus (SSE)", () => {
  interface StatusEvent {
    taskId: string;
    status: string;
  }
  const subscribe = (token: string, input?: unknown) =>
    openEventStream(
      `${api.url}/trpc/tasks.onStatus${input ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ""}`,
      { authorization: `Bearer ${token}` },
    );
  const waitFor = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 20_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it("pushes queued → processing → processed to the owner, and nothing to anyone else", async () => {
    const owner = await account();
    const stranger = await account();
    const mine = await subscribe(owner.token);
    const theirs = await subscribe(stranger.token);
    expect(mine.status).toBe(200);
    await waitFor(
      () => mine.events.some((e) => e.event === "connected") && theirs.events.some((e) => e.event === "connected"),
      "both streams",
    );

    const submit = await call("POST", "/api/tasks/submit", {
      token: owner.token,
      body: { taskType: "user_registration", data: { userId: owner.id } },
    });
    const { taskId } = submit.body as { taskId: string };
    const statuses = () =>
      mine
        .data<StatusEvent>()
        .filter((e) => e.taskId === taskId)
        .map((e) => e.status);
    await waitFor(() => statuses().includes("processed"), "the processed event");
    expect(statuses()).toEqual(["queued", "processing", "processed"]);
    expect(mine.events.filter((e) => e.event === "message").every((e) => e.id !== undefined)).toBe(true);

    // The stranger's stream stayed open and heard none of it.
    await new Promise((r) => setTimeout(r, 300));
    expect(theirs.data<StatusEvent>().filter((e) => e.taskId === taskId)).toEqual([]);
    await Promise.all([mine.close(), theirs.close()]);
  });

  it("does not hold up a shutdown: open streams end when the server closes", async () => {
    const own = await startTestApi({ QUEUE_PREFIX: `close${Date.now()}`, RUN_WORKER: "false" });
    const username = `c_${randomUUID().slice(0, 8)}`;
    await http(own.url, "POST", "/api/auth/register", {
      body: { username, password: PASSWORD, fullName: "C", email: `${username}@example.gov` },
    });
    const login = await http(own.url, "POST", "/api/auth/login", { body: { username, password: PASSWORD } });
    const stream = await openEventStream(`${own.url}/trpc/tasks.onStatus`, {
      authorization: `Bearer ${(login.body as { token: string }).token}`,
    });
    await waitFor(() => stream.events.some((e) => e.event === "connected"), "the stream");
    // The lifecycle's own deadline is 10 s; a stream holding the server open would reach it.
    const shutdown = await Promise.race([
      own.stop().then(() => "stopped"),
      new Promise((resolve) => setTimeout(() => resolve("still open after 9 s"), 9_000)),
    ]);
    expect(shutdown).toBe("stopped");
    await stream.ended;
  });

  it("ends when the session does (logout)", async () => {
    const user = await account();
    const stream = await subscribe(user.token);
    await waitFor(() => stream.events.some((e) => e.event === "connected"), "the stream");
    expect((await call("POST", "/api/auth/logout", { token: user.token })).status).toBe(200);
    let ended = false;
    void stream.ended.then(() => {
      ended = true;
    });
    await waitFor(() => ended, "the server to end the stream");
    await stream.close();
  });

  it("for one task, starts with its history so far, and refuses someone else's task", async () => {
    const owner = await account();
    const stranger = await account();
    const submit = await call("POST", "/api/tasks/submit", {
      token: owner.token,
      body: { taskType: "user_registration", data: { userId: owner.id } },
    });
    const { taskId } = submit.body as { taskId: string };
    await finished(taskId, owner.token);
    const stream = await subscribe(owner.token, { taskId });
    await waitFor(() => stream.data().length >= 3, "the backfilled history");
    expect(stream.data<StatusEvent>().map((e) => e.status)).toEqual(["queued", "processing", "processed"]);
    await stream.close();

    const refused = await subscribe(stranger.token, { taskId });
    await waitFor(() => refused.events.some((e) => e.event === "serialized-error"), "the error event");
    expect(refused.events.find((e) => e.event === "serialized-error")?.data).toMatch(/Task not found/);
    expect(refused.data<StatusEvent>()).toEqual([]);
    await refused.close();
  });
});

describe.runIf(testDatabaseTarget().kind === "postgres")("tasks.onStatus across API instances", () => {
  it("delivers to a subscriber on one instance what a task submitted on another goes through", async () => {
    const prefix = `fanout${Date.now()}`;
    const first = await startTestApi({
      QUEUE_PREFIX: prefix,
      RUN_WORKER: "true",
      JWT_SECRET: "fan-out-tests-secret-fan-out-tests-secret",
    });
    const second = await startTestApi({
      QUEUE_PREFIX: prefix,
      RUN_WORKER: "false",
      JWT_SECRET: "fan-out-tests-secret-fan-out-tests-secret",
    });
    try {
      const username = `f_${randomUUID().slice(0, 8)}`;
      await http(first.url, "POST", "/api/auth/register", {
        body: { username, password: PASSWORD, fullName: "F", email: `${username}@example.gov` },
      });
      const login = await http(first.url, "POST", "/api/auth/login", { body: { username, password: PASSWORD } });
      const { token } = login.body as { token: string };
      const stream = await openEventStream(`${second.url}/trpc/tasks.onStatus`, { authorization: `Bearer ${token}` });
      const deadline = Date.now() + 20_000;
      while (!stream.events.some((e) => e.event === "connected") && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const me = await http(first.url, "GET", "/api/auth/me", { token });
      const submit = await http(first.url, "POST", "/api/tasks/submit", {
        token,
        body: { taskType: "user_registration", data: { userId: (me.body as { id: string }).id } },
      });
      const { taskId } = submit.body as { taskId: string };
      const statuses = () =>
        stream
          .data<{ taskId: string; status: string }>()
          .filter((e) => e.taskId === taskId)
          .map((e) => e.status);
      while (!statuses().includes("processed") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(statuses()).toEqual(["queued", "processing", "processed"]);
      await stream.close();
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
