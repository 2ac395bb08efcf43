/** One server-sent event. */
export interface ServerSentEvent {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: string;
}

/**
 * Opens an SSE stream over real HTTP (fetch) and collects its events, for tests. `close()` ends
 * the request, as a browser tab closing would.
 */
export async function openEventStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  const events: ServerSentEvent[] = [];
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const pump = (async () => {
    if (!reader) return;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let boundary = buffer.indexOf("\n\n");
        while (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const fields = { event: "message", id: undefined as string | undefined, data: [] as string[] };
          for (const line of block.split("\n")) {
            const [name, ...rest] = line.split(":");
            const value = rest.join(":").replace(/^ /, "");
            if (name === "event") fields.event = value;
            else if (name === "id") fields.id = value;
            else if (name === "data") fields.data.push(value);
          }
          events.push({ event: fields.event, id: fields.id, data: fields.data.join("\n") });
          boundary = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: response.status,
    events,
    /** Resolves when the server ends the stream (or close() is called). */
    ended: pump,
    /** The data events (not pings or the connection notice), parsed as JSON. */
    data: <T>() => events.filter((e) => e.event === "message").map((e) => JSON.parse(e.data) as T),
    async close() {
      controller.abort();
      await pump;
    },
  };
}
