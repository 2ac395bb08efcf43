import type { IncomingHttpHeaders } from "node:http";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeline } from "node:stream";

/**
 * A tiny round-robin reverse proxy in front of several API processes, as a load balancer would
 * stand in production: each request goes to the next upstream in turn, with its method, path,
 * headers and body; the response is streamed back as it comes (so server-sent events work), and
 * the client's address is appended to `X-Forwarded-For`, and `X-Served-By` names the upstream that
 * answered (its index). Binds 127.0.0.1 on a free port.
 */
export interface RoundRobinProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Requests forwarded to each upstream, by its url, in the order given. */
  counts(): Record<string, number>;
  /** Upstream failures answered with 502 (connection refused or reset). */
  readonly failures: () => number;
  close(): Promise<void>;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and are not forwarded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase()),
  );
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && !named.has(name) && value !== undefined) kept[name] = value;
  }
  return kept;
}

export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  if (upstreams.length === 0) throw new Error("a proxy needs at least one upstream");
  const targets = upstreams.map((url) => new URL(url));
  const counts = upstreams.map(() => 0);
  // Kept-alive upstream connections, as a real proxy pools them; closed with the proxy.
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  let next = 0;
  let failures = 0;

  const server = createServer((incoming, outgoing) => {
    const index = next;
    next = (next + 1) % targets.length;
    counts[index] = (counts[index] ?? 0) + 1;
    const target = targets[index] as URL;
    const headers = forwardable(incoming.headers);
    const prior = incoming.headers["x-forwarded-for"];
    const client = incoming.socket.remoteAddress ?? "";
    headers["x-forwarded-for"] = prior ? `${String(prior)}, ${client}` : client;
    headers["x-forwarded-proto"] = "http";

    const upstream = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers, agent },
      (answer) => {
        // Which upstream answered (0-based, in the order given), as load balancers' X-Served-By says.
        const served = { ...forwardable(answer.headers), "x-served-by": String(index) };
        outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, served);
        // Each chunk as it arrives: SSE events and pings reach the client without buffering.
        outgoing.flushHeaders();
        pipeline(answer, outgoing, () => undefined);
      },
    );
    upstream.on("error", () => {
      failures += 1;
      // Before the answer began the client gets a 502; mid-answer, the cut is passed on as is.
      if (outgoing.headersSent) outgoing.destroy();
      else
        outgoing.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ error: "Bad gateway" }));
    });
    // A client that goes away (a closed tab, an aborted stream) ends the upstream request too.
    outgoing.on("close", () => {
      if (!outgoing.writableFinished) upstream.destroy();
    });
    pipeline(incoming, upstream, () => undefined);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => Object.fromEntries(upstreams.map((url, i) => [url, counts[i] ?? 0])),
    failures: () => failures,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}
