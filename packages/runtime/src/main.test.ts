import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLifecycle } from "./lifecycle.ts";
import { runMain } from "./main.ts";

const silent = pino({ level: "silent" });

class RedisDown extends Error {
  readonly expose = true;
}

describe("runMain", () => {
  afterEach(() => vi.restoreAllMocks());

  it("closes what opened, prints an explained failure as one line, and exits 1", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const closed: string[] = [];
    const exits: number[] = [];
    const lifecycle = createLifecycle(silent, 1_000, () => undefined);
    await runMain(
      silent,
      lifecycle,
      async () => {
        lifecycle.onShutdown("database", async () => {
          closed.push("database");
        });
        throw new RedisDown("Redis is not reachable at redis://127.0.0.1:6379. Start Redis or set REDIS_URL.");
      },
      (code) => exits.push(code),
    );
    expect(closed).toEqual(["database"]);
    expect(exits).toEqual([1]);
    expect(stderr).toHaveBeenCalledWith(
      "Redis is not reachable at redis://127.0.0.1:6379. Start Redis or set REDIS_URL.\n",
    );
  });

  it("does not print an unexplained error's message to stderr (it is logged in full instead)", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const exits: number[] = [];
    await runMain(
      silent,
      createLifecycle(silent, 1_000, () => undefined),
      async () => {
        throw new TypeError("cannot read properties of undefined");
      },
      (code) => exits.push(code),
    );
    expect(exits).toEqual([1]);
    expect(stderr).not.toHaveBeenCalled();
  });
});
