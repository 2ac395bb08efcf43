import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";

const TIMEOUT_MS = 1_000;

/**
 * Sends `head` and then `drip` a few bytes at a time, never finishing the request; resolves with
 * how long the server let the connection live and what it answered.
 */
function trickle(url: string, head: string, drip: string): Promise<{ livedMs: number; answer: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let answer = "";
    let opened = 0;
    let offset = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.once("connect", () => {
      opened = Date.now();
      socket.write(head);
      timer = setInterval(() => {
        socket.write(drip.slice(offset, offset + 2));
        offset = (offset + 2) % drip.length;
      }, 100);
    });
    socket.on("error", () => undefined);
    socket.once("close", () => {
      clearInterval(timer);
      resolve({ livedMs: Date.now() - opened, answer });
    });
  });
}

describe("HTTP_REQUEST_TIMEOUT_MS", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `timeout${Date.now()}`, HTTP_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });
  });
  afterAll(() => api?.stop());

  // Node checks its timeouts when it sweeps connections (every 30 s by default) and cuts unfinished
  // headers only at its own 60 s headersTimeout: both must follow the setting, promptly.
  it("cuts a client that trickles its headers (slowloris) at the timeout, with 408", async () => {
    const slow = await trickle(api.url, "GET /api/health HTTP/1.1\r\nHost: x\r\n", "X-Slow: yes\r\n");
    expect(slow.livedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(slow.livedMs).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(slow.answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it("cuts a client that trickles its body at the timeout", async () => {
    const head =
      "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n";
    const slow = await trickle(api.url, head, '{"username":"a"');
    expect(slow.livedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(slow.livedMs).toBeLessThan(TIMEOUT_MS + 1_000);
  });

  it("still answers normal requests", async () => {
    expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
  });
});
