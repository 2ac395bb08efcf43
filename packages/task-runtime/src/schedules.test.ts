import { describe, expect, it } from "vitest";
import { tickTaskId } from "./schedules.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("tickTaskId", () => {
  it("names one task per tick: the same for a re-run, another for the next tick or deployment", () => {
    const first = tickTaskId("govconnect", "repeat:metrics:1764576000000");
    expect(first).toMatch(UUID);
    expect(tickTaskId("govconnect", "repeat:metrics:1764576000000")).toBe(first);
    expect(tickTaskId("govconnect", "repeat:metrics:1764576060000")).not.toBe(first);
    expect(tickTaskId("staging", "repeat:metrics:1764576000000")).not.toBe(first);
  });
});
