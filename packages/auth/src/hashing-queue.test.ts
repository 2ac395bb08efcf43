import { AppError } from "@govconnect/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHashingQueue, HASHING_BUSY_MESSAGE } from "./hashing-queue.ts";

/** A job that finishes when the test says so. */
function heldJob<T>(value: T) {
  let finish: () => void = () => undefined;
  const done = new Promise<T>((resolve) => {
    finish = () => resolve(value);
  });
  return { job: () => done, finish };
}

describe("the hashing queue (security review M2: anonymous traffic cannot stall sign-in for others)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs up to its concurrency at once, then the next in turn", async () => {
    const queue = createHashingQueue({ concurrency: 2, maxWaitMs: 1_000, maxWaiting: 4, maxPerOwner: 4 });
    const [a, b, c] = [heldJob("a"), heldJob("b"), heldJob("c")];
    const results = [queue.run(a.job), queue.run(b.job), queue.run(c.job)];
    expect(queue.load).toEqual({ running: 2, waiting: 1 });
    a.finish();
    await expect(results[0]).resolves.toBe("a");
    expect(queue.load).toEqual({ running: 2, waiting: 0 });
    b.finish();
    c.finish();
    await expect(Promise.all(results)).resolves.toEqual(["a", "b", "c"]);
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  });

  it("answers 503 with Retry-After when a hash waited its longest, and the queue carries on", async () => {
    const queue = createHashingQueue({ concurrency: 1, maxWaitMs: 500, maxWaiting: 4, maxPerOwner: 4 });
    const first = heldJob("first");
    const running = queue.run(first.job);
    const waiter = queue.run(async () => "never");
    const refused = expect(waiter).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: HASHING_BUSY_MESSAGE,
      retryAfterSeconds: 2,
    });
    await vi.advanceTimersByTimeAsync(500);
    await refused;
    expect(queue.load).toEqual({ running: 1, waiting: 0 });
    first.finish();
    await expect(running).resolves.toBe("first");
    await expect(queue.run(async () => "next")).resolves.toBe("next");
  });

  it("refuses at once when as many wait as it holds, and a failing job frees its place", async () => {
    const queue = createHashingQueue({ concurrency: 1, maxWaitMs: 60_000, maxWaiting: 1, maxPerOwner: 4 });
    const first = heldJob("first");
    const running = queue.run(first.job);
    const waiting = queue.run(() => Promise.reject(new Error("bcrypt failed")));
    await expect(queue.run(async () => "third")).rejects.toBeInstanceOf(AppError);
    first.finish();
    await running;
    await expect(waiting).rejects.toThrow("bcrypt failed");
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  });

  it("holds one address to its share: past it that address is refused, and others still get their turn", async () => {
    const queue = createHashingQueue({ concurrency: 1, maxWaitMs: 60_000, maxWaiting: 8, maxPerOwner: 2 });
    const [a, b] = [heldJob("a"), heldJob("b")];
    const flood = [queue.run(a.job, "10.0.0.1"), queue.run(b.job, "10.0.0.1")];
    await expect(queue.run(async () => "third", "10.0.0.1")).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    const other = queue.run(async () => "someone else", "10.0.0.2");
    expect(queue.load).toEqual({ running: 1, waiting: 2 });
    a.finish();
    b.finish();
    await expect(Promise.all([...flood, other])).resolves.toEqual(["a", "b", "someone else"]);
    // Its hashes done, the address has its whole share again.
    await expect(queue.run(async () => "again", "10.0.0.1")).resolves.toBe("again");
  });
});
