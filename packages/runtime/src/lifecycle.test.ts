import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createLifecycle } from "./lifecycle.ts";
import { withTimeout } from "./timeout.ts";

const silent = pino({ level: "silent" });

describe("createLifecycle", () => {
  it("runs the steps once, last registered first, even when one fails", async () => {
    const ran: string[] = [];
    const lifecycle = createLifecycle(silent, 1_000, () => ran.push("exit"));
    lifecycle.onShutdown("database", async () => {
      ran.push("database");
    });
    lifecycle.onShutdown("workers", async () => {
      throw new Error("boom");
    });
    lifecycle.onShutdown("server", async () => {
      ran.push("server");
    });
    const [first, second] = await Promise.all([lifecycle.shutdown("SIGTERM"), lifecycle.shutdown("SIGINT")]);
    expect(ran).toEqual(["server", "database"]);
    expect(first).toBe(1);
    expect(second).toBe(1);
  });

  it("exits when the deadline passes with a step still running", async () => {
    const exits: number[] = [];
    const lifecycle = createLifecycle(silent, 50, (code) => exits.push(code));
    lifecycle.onShutdown("stuck", () => new Promise(() => undefined));
    void lifecycle.shutdown("SIGTERM");
    await new Promise((r) => setTimeout(r, 150));
    expect(exits).toEqual([1]);
  });
});

describe("withTimeout", () => {
  it("passes a fast result through and rejects a slow one, naming what was slow", async () => {
    await expect(withTimeout(Promise.resolve(7), 100, "fast")).resolves.toBe(7);
    await expect(withTimeout(new Promise(() => undefined), 20, "Redis")).rejects.toThrow(
      "Redis did not answer within 20 ms",
    );
  });
});
