import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import type { ControllerHandlerReturnType } from "@bull-board/api/typings/app";
import { FastifyAdapter } from "@bull-board/fastify";
import type { Auth } from "@govconnect/auth";
import { awaitsSecondFactor } from "@govconnect/auth";
import { QUEUES } from "@govconnect/jobs";
import type { Redis } from "@govconnect/redis";
import { SECOND_FACTOR_SETUP_NEEDED } from "@govconnect/router";
import { Queue } from "bullmq";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { tokenOf } from "../server/request-kind.ts";

export const QUEUE_BOARD_PATH = "/admin/queues";

/** The board shows and changes every job: a live admin session (with its second factor), or nothing. */
async function adminsOnly(auth: Auth, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = tokenOf(request);
  const session = token ? await auth.authenticate(token) : null;
  if (!session) {
    await reply.status(401).send({ error: "Sign in as an administrator to see the queues" });
    return;
  }
  if (session.record.role !== "admin") {
    await reply.status(403).send({ error: "Only administrators may see the queues" });
    return;
  }
  if (awaitsSecondFactor(session.record)) {
    await reply.status(403).send({ error: SECOND_FACTOR_SETUP_NEEDED });
  }
}

/**
 * Mounts Bull Board (its official Fastify adapter) for the task queue at /admin/queues, inside a
 * scope that lets admins only in — pages, static files and its API alike. Returns its queue
 * handle to close.
 */
export async function registerQueueBoard(
  app: FastifyInstance,
  options: { readonly auth: Auth; readonly redis: Redis; readonly prefix: string },
): Promise<Queue> {
  const queue = new Queue(QUEUES.tasks, { connection: options.redis, prefix: options.prefix });
  queue.on("error", (error) => app.log.warn({ err: error }, "queue board connection error"));
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queue)],
    serverAdapter,
    options: { uiConfig: { boardTitle: "GovConnect queues" } },
  });
  // Bull Board's own handler answers a failure with its message (and in development its stack):
  // a 5xx is logged here and shown as the board's generic error, a 4xx says what was wrong.
  serverAdapter.setErrorHandler((error): ControllerHandlerReturnType => {
    const statusCode = (error as Error & { statusCode?: number }).statusCode ?? 500;
    const body = { error: { key: "ERRORS.INTERNAL_SERVER_ERROR" as const } };
    if (statusCode >= 400 && statusCode < 500) return { status: 400, body: { ...body, message: error.message } };
    app.log.error({ err: error }, "queue board failed");
    return { status: 500, body };
  });
  await app.register(
    async (scope) => {
      scope.addHook("onRequest", (request, reply) => adminsOnly(options.auth, request, reply));
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_BOARD_PATH },
  );
  return queue;
}
