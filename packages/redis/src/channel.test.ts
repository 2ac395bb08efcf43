import { randomUUID } from "node:crypto";
import { testRedisUrl } from "@govconnect/testing/inject";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "./channel.ts";
import { createChannel } from "./channel.ts";
import type { Redis } from "./index.ts";
import { closeRedis, createRedis } from "./redis.ts";

const name = `test-channel-${randomUUID()}`;
const warnings: Array<{ msg: string }> = [];
const logger = pino({ level: "warn" }, { write: (line: string) => warnings.push(JSON.parse(line)) });
const decode = (message: string): { n: number } => {
  const n = Number(message);
  if (!Number.isInteger(n)) throw new Error(`not a number: ${message}`);
  return { n };
};

describe("createChannel", () => {
  let channel: Channel<{ n: number }>;
  let publisher: Redis;
  beforeAll(async () => {
    channel = await createChannel({ url: testRedisUrl(), name, decode, logger, label: "test-channel" });
    publisher = createRedis(testRedisUrl(), "client", "test-publisher");
    await publisher.connect();
  });
  afterAll(async () => {
    await channel.close();
    await closeRedis(publisher);
  });

  it("delivers, to every subscription, what is published after subscribe() — before the first read", async () => {
    const stop = new AbortController();
    const first = channel.subscribe(stop.signal)[Symbol.asyncIterator]();
    const second = channel.subscribe(stop.signal)[Symbol.asyncIterator]();
    // SUBSCRIBE is live once createChannel resolved: the one subscriber receives this.
    expect(await publisher.publish(name, "1")).toBe(1);
    await publisher.publish(name, "2");
    expect(await first.next()).toEqual({ done: false, value: { n: 1 } });
    expect(await first.next()).toEqual({ done: false, value: { n: 2 } });
    expect(await second.next()).toEqual({ done: false, value: { n: 1 } });
    stop.abort();
    expect(await first.next()).toEqual({ done: true, value: undefined });
  });

  it("logs and skips a malformed message", async () => {
    const stop = new AbortController();
    const values = channel.subscribe(stop.signal)[Symbol.asyncIterator]();
    await publisher.publish(name, "not a number");
    await publisher.publish(name, "3");
    expect(await values.next()).toEqual({ done: false, value: { n: 3 } });
    expect(warnings.map((w) => w.msg)).toContain("ignored a malformed test-channel message");
    stop.abort();
  });

  it("endStreams() ends every open subscription, also one waiting for a message", async () => {
    const values = channel.subscribe(new AbortController().signal)[Symbol.asyncIterator]();
    const waiting = values.next();
    channel.endStreams();
    expect(await waiting).toEqual({ done: true, value: undefined });
    // A subscription opened after the end is over at once.
    const late = channel.subscribe(new AbortController().signal)[Symbol.asyncIterator]();
    expect(await late.next()).toEqual({ done: true, value: undefined });
  });
});
