import type { IncomingHttpHeaders } from "node:http";
import { request } from "node:http";
import { eventually } from "@govconnect/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestAccount, TestApi } from "../src/testing/index.ts";
import { http, signedInAccount, signInOverHttp, startTestApi } from "../src/testing/index.ts";

/** One server-sent event. */
interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * An SSE stream over real HTTP from a chosen source address (any 127.x.y.z on Linux loopback), so
 * one test can be several clients' addresses. `close()` drops the connection, as a closed tab does.
 */
function openStream(baseUrl: string, path: string, token: string, from: string) {
  const url = new URL(path, baseUrl);
  const events: ServerSentEvent[] = [];
  let closeConnection: () => void = () => undefined;
  let ended!: Promise<void>;
  let done = false;
  const opened = new Promise<{ status: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers: { accept: "text/event-stream", authorization: `Bearer ${token}` },
        localAddress: from,
      },
      (res) => {
        let buffer = "";
        res.setEncoding("utf8");
        let resolveEnded: () => void = () => undefined;
        ended = new Promise((resolve) => {
          resolveEnded = resolve;
          res.on("data", (chunk: string) => {
            buffer += chunk;
            for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              let event = "message";
              const data: string[] = [];
              for (const line of block.split("\n")) {
                if (line.startsWith("event:")) event = line.slice(6).trim();
                else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
              }
              events.push({ event, data: data.join("\n") });
            }
          });
          const finish = () => {
            done = true;
            resolveEnded();
          };
          res.on("end", finish);
          res.on("close", finish);
          res.on("error", finish);
        });
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      },
    );
    closeConnection = () => {
      req.destroy();
    };
    req.on("error", reject);
    req.end();
  });
  return {
    events,
    opened,
    get ended() {
      return ended;
    },
    /** Whether the stream has ended (either side). */
    get done() {
      return done;
    },
    /**
     * Whether the server admitted the stream: tRPC says `connected` before it runs the procedure,
     * so a refusal follows it as a `serialized-error` event and the end of the stream, at once.
     */
    admitted: async () => {
      await eventually(`${path} to connect`, () => events.some((e) => e.event === "connected"), 10_000);
      await new Promise((resolve) => setTimeout(resolve, 250));
      return !done && !events.some((e) => e.event === "serialized-error");
    },
    close: () => closeConnection(),
  };
}
type Stream = ReturnType<typeof openStream>;

/** What the refusal of a stream carries in its one `serialized-error` event (our error shape). */
interface RefusalShape {
  readonly message: string;
  readonly code: number;
  readonly data: { readonly code: string; readonly httpStatus: number; readonly retryAfterSeconds?: number };
}

const PER_USER = 3;
const PER_IP = 5;

/**
 * Security review 2026-12, finding M4 (`../shared/reviews/security-2026-12.md`): live streams were
 * unbounded — each cost ~200 kB and a Redis poll of its own, forever. Replayed over real HTTP
 * against a real API with low caps.
 */
describe("security review 2026-12: M4 replayed", () => {
  let api: TestApi;
  let ann: TestAccount;
  let bob: TestAccount;
  let cy: TestAccount;
  const open: Stream[] = [];
  const stream = (account: TestAccount, from: string, path = "/trpc/tasks.onStatus") => {
    const opened = openStream(api.url, path, account.token, from);
    open.push(opened);
    return opened;
  };
  /** Opens a stream and expects it admitted. */
  const admitted = async (account: TestAccount, from: string, path?: string) => {
    const opened = stream(account, from, path);
    expect((await opened.opened).status).toBe(200);
    expect(await opened.admitted(), `events: ${JSON.stringify(opened.events)}`).toBe(true);
    return opened;
  };
  /** Opens a stream and expects it refused: what the client sees, headers and the error event. */
  const refused = async (account: TestAccount, from: string, path?: string) => {
    const opened = stream(account, from, path);
    const { status, headers } = await opened.opened;
    // The server ends a refused stream at once; an admitted one stays open (as on the main of the review).
    await eventually(`${path ?? "the stream"} to be refused and ended`, () => opened.done, 10_000);
    const error = opened.events.find((e) => e.event === "serialized-error");
    expect(error, `events: ${JSON.stringify(opened.events)}`).toBeDefined();
    return { status, headers, events: opened.events, body: JSON.parse(error?.data ?? "{}") as RefusalShape };
  };

  beforeAll(async () => {
    api = await startTestApi({
      QUEUE_PREFIX: `m4${Date.now()}`,
      RUN_WORKER: "false",
      LIVE_STREAMS_PER_USER: String(PER_USER),
      LIVE_STREAMS_PER_IP: String(PER_IP),
    });
    [ann, bob, cy] = [await signedInAccount(api), await signedInAccount(api), await signedInAccount(api)];
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await api.stop();
  });

  it("M4: at most N live streams per account and per IP; the next is refused with 429 and Retry-After", async () => {
    // Per account: ann's three streams (both kinds count) from one address; the fourth, even from
    // another address, is refused.
    const anns = [
      await admitted(ann, "127.0.0.41"),
      await admitted(ann, "127.0.0.41", "/trpc/dashboard.onMetrics"),
      await admitted(ann, "127.0.0.41"),
    ];
    const overAccount = await refused(ann, "127.0.0.42", "/trpc/dashboard.onMetrics");
    // tRPC v11 sends a subscription's refusal inside the event stream: HTTP 200, then one
    // `serialized-error` event carrying the 429; the Retry-After header is on the response.
    expect(overAccount.status).toBe(200);
    expect(overAccount.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(overAccount.headers["retry-after"]).toBe("10");
    expect(overAccount.body.message).toBe(
      `At most ${PER_USER} live views are open per account: close one (another tab or window) and try again`,
    );
    expect(overAccount.body.data).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      httpStatus: 429,
      retryAfterSeconds: 10,
    });
    expect(overAccount.body.code).toBe(-32029); // JSON-RPC's code for TOO_MANY_REQUESTS
    expect(overAccount.events.map((e) => e.event)).toEqual(["connected", "serialized-error"]);

    // Per address: bob's three and cy's two fill 127.0.0.43; cy's third there is refused, and
    // from another address admitted.
    for (let i = 0; i < 3; i++) await admitted(bob, "127.0.0.43");
    await admitted(cy, "127.0.0.43");
    await admitted(cy, "127.0.0.43", "/trpc/dashboard.onMetrics");
    const overAddress = await refused(cy, "127.0.0.43");
    expect(overAddress.headers["retry-after"]).toBe("10");
    expect(overAddress.body.message).toBe(
      `At most ${PER_IP} live views are open from one network address: close one and try again`,
    );
    expect(overAddress.body.data).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429 });
    await admitted(cy, "127.0.0.44");

    // A closed stream (a tab closed) frees its slot: ann may open one again.
    anns[0]?.close();
    const reopened = await eventually(
      "ann's closed stream to free its slot",
      async () => {
        const attempt = stream(ann, "127.0.0.42");
        await attempt.opened;
        return (await attempt.admitted()) ? attempt : undefined;
      },
      10_000,
    );

    // Logged out: every stream of that session ends within one check (10 s), and its slots are free.
    const others = open.filter((s) => !s.done && !anns.includes(s) && s !== reopened);
    expect((await http(api.url, "POST", "/api/auth/logout", { token: ann.token })).status).toBe(200);
    const loggedOutAt = Date.now();
    await Promise.all([anns[1], anns[2], reopened].map((s) => s?.ended));
    expect(Date.now() - loggedOutAt).toBeLessThan(12_000);
    const again = { ...ann, ...(await signInOverHttp(api, ann.username)) };
    for (let i = 0; i < PER_USER; i++) await admitted(again, "127.0.0.45");
    // Nobody else's streams ended with ann's session.
    expect(others.length).toBe(PER_IP + 1);
    expect(others.filter((s) => s.done)).toEqual([]);
  });
});
