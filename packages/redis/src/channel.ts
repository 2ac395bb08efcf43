import { EventEmitter, on } from "node:events";
import type { Logger } from "@govconnect/runtime";
import { closeRedis, createRedis } from "./redis.ts";

/** An in-process fan-out: every value emitted reaches every open subscription. */
export interface FanOut<T> {
  emit(value: T): void;
  /**
   * Every value emitted from the moment of this call until `signal` aborts. Listening starts
   * here, synchronously: values emitted while the caller is still busy (say, backfilling from
   * the database) are buffered, not lost.
   */
  subscribe(signal: AbortSignal): AsyncIterable<T>;
  /** Ends every open subscription (at shutdown: a server cannot close while streams are open). */
  endStreams(): void;
}

export function createFanOut<T>(): FanOut<T> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const closing = new AbortController();
  return {
    emit: (value) => emitter.emit("value", value),
    subscribe(signal) {
      const stop = AbortSignal.any([signal, closing.signal]);
      // `on` throws at once for a signal already aborted: that subscription is simply over.
      const values = stop.aborted ? undefined : on(emitter, "value", { signal: stop });
      return (async function* () {
        if (!values) return;
        try {
          for await (const [value] of values) yield value as T;
        } catch (error) {
          if (!stop.aborted) throw error;
        }
      })();
    },
    endStreams: () => closing.abort(),
  };
}

/** A Redis pub/sub channel as this process receives it, fanned out to its subscriptions. */
export interface Channel<T> extends Omit<FanOut<T>, "emit"> {
  close(): Promise<void>;
}

/**
 * One Redis subscription per process on channel `name`, fanned out in memory to every
 * {@link Channel.subscribe}r; each process has its own, so a message reaches a subscriber
 * whichever instance it is on. SUBSCRIBE is in place once this resolves. The connection is a
 * patient one: after a Redis restart it reconnects and resubscribes. Publish with any other
 * connection (`redis.publish(name, message)`): a subscribed connection cannot.
 */
export async function createChannel<T>(options: {
  readonly url: string;
  readonly name: string;
  /** Turns a message into a value; throws for a malformed one, which is logged and skipped. */
  readonly decode: (message: string) => T;
  readonly logger: Logger;
  /** Names the connection (`govconnect:<label>`) and its log lines. */
  readonly label: string;
}): Promise<Channel<T>> {
  const { logger, label } = options;
  const fanOut = createFanOut<T>();
  const subscriber = createRedis(options.url, "worker", label);
  subscriber.on("error", (error) => logger.warn({ err: error, channel: label }, `${label} subscription error`));
  subscriber.on("message", (_channel: string, message: string) => {
    let value: T;
    try {
      value = options.decode(message);
    } catch (error) {
      logger.warn({ err: error, channel: label }, `ignored a malformed ${label} message`);
      return;
    }
    fanOut.emit(value);
  });
  try {
    await subscriber.connect();
    await subscriber.subscribe(options.name);
  } catch (error) {
    subscriber.disconnect();
    throw error;
  }
  return {
    subscribe: (signal) => fanOut.subscribe(signal),
    endStreams: () => fanOut.endStreams(),
    close: async () => {
      fanOut.endStreams();
      await closeRedis(subscriber);
    },
  };
}
