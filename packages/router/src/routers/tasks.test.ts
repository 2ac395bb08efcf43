import { withTimeout } from "@govconnect/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDeps } from "../testing.ts";

describe("tasks.onStatus", () => {
  let t: Awaited<ReturnType<typeof openTestDeps>>;
  beforeAll(async () => {
    t = await openTestDeps();
  });
  afterAll(() => t.close());

  it("listens from the moment the call resolves, before its stream is read (when the client hears `connected`)", async () => {
    const anonymous = await t.call();
    await anonymous.auth.register({
      username: "listener",
      password: "a fine passphrase",
      fullName: "Listener",
      email: "listener@example.gov",
    });
    const token = await t.signIn("listener", "a fine passphrase");
    const caller = await t.call(token);
    const me = await caller.auth.me();
    expect(me.username).toBe("listener");

    const stream = await caller.tasks.onStatus();
    // The event reaches this process's bus before anyone reads the stream.
    const bus = new AbortController();
    const seen = t.deps.taskEvents.subscribe(bus.signal)[Symbol.asyncIterator]();
    const { taskId } = await caller.tasks.submit({ taskType: "user_registration", data: { userId: me.id } });
    await withTimeout(seen.next(), 5_000, "the task event bus");
    bus.abort();

    const events = stream[Symbol.asyncIterator]();
    const first = await withTimeout(events.next(), 5_000, "the stream's first event");
    expect(JSON.stringify(first.value)).toContain(`"taskId":"${taskId}"`);
    expect(JSON.stringify(first.value)).toContain('"status":"queued"');
    await events.return?.();
  });
});
