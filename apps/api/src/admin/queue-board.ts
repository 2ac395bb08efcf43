import { join } from "node:path";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import type {
  AppControllerRoute,
  AppViewRoute,
  BullBoardQueues,
  ControllerHandlerReturnType,
  IServerAdapter,
  UIConfig,
} from "@bull-board/api/typings/app";
import fastifyStatic from "@fastify/static";
import type { Auth } from "@govconnect/auth";
import { QUEUES } from "@govconnect/jobs";
import type { Redis } from "@govconnect/redis";
import { Queue } from "bullmq";
import ejs from "ejs";
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from "fastify";
import { tokenOf } from "../http-context.ts";

export const QUEUE_BOARD_PATH = "/admin/queues";

/**
 * Bull Board's server side for our Fastify. (The published Fastify adapter needs a
 * @fastify/static that requires Node 22; this one uses the @fastify/static the API already has.)
 */
class QueueBoardAdapter implements IServerAdapter {
  private queues: BullBoardQueues | undefined;
  private viewsPath = "";
  private statics = { route: "", path: "" };
  private entry: AppViewRoute | undefined;
  private errorHandler: ((error: Error) => ControllerHandlerReturnType) | undefined;
  private apiRoutes: AppControllerRoute[] = [];
  private uiConfig: UIConfig = {};

  setQueues(queues: BullBoardQueues) {
    this.queues = queues;
    return this;
  }
  setViewsPath(path: string) {
    this.viewsPath = path;
    return this;
  }
  setStaticPath(route: string, path: string) {
    this.statics = { route, path };
    return this;
  }
  setEntryRoute(route: AppViewRoute) {
    this.entry = route;
    return this;
  }
  setErrorHandler(handler: (error: Error) => ControllerHandlerReturnType) {
    this.errorHandler = handler;
    return this;
  }
  setApiRoutes(routes: AppControllerRoute[]) {
    this.apiRoutes = routes;
    return this;
  }
  setUIConfig(config: UIConfig) {
    this.uiConfig = config;
    return this;
  }

  /** The board's routes, inside a scope that lets admins only in. */
  async register(app: FastifyInstance, auth: Auth): Promise<void> {
    const queues = this.queues;
    const entry = this.entry;
    if (!queues || !entry) throw new Error("createBullBoard has not configured the queue board");
    await app.register(
      async (scope) => {
        scope.addHook("onRequest", (request, reply) => adminsOnly(auth, request, reply));
        await scope.register(fastifyStatic, {
          root: this.statics.path,
          prefix: this.statics.route,
          decorateReply: false,
        });
        for (const url of ([] as string[]).concat(entry.route)) {
          scope.route({
            method: entry.method.toUpperCase() as HTTPMethods,
            url,
            handler: async (_request, reply) => {
              const { name, params } = entry.handler({ basePath: `${QUEUE_BOARD_PATH}/`, uiConfig: this.uiConfig });
              const html = await ejs.renderFile(join(this.viewsPath, name), params);
              return reply.type("text/html; charset=utf-8").send(html);
            },
          });
        }
        for (const route of this.apiRoutes) {
          for (const url of ([] as string[]).concat(route.route)) {
            scope.route({
              method: ([] as string[]).concat(route.method).map((m) => m.toUpperCase()) as HTTPMethods[],
              url,
              handler: async (request, reply) => {
                const response = await route.handler({
                  queues,
                  uiConfig: this.uiConfig,
                  params: request.params as Record<string, string>,
                  query: request.query as Record<string, string>,
                  body: request.body as Record<string, unknown>,
                  headers: request.headers as Record<string, string>,
                });
                return reply.status(response.status ?? 200).send(response.body);
              },
            });
          }
        }
        scope.setErrorHandler((error, request, reply) => {
          request.log.error({ err: error }, "queue board failed");
          const response = this.errorHandler?.(error instanceof Error ? error : new Error(String(error)));
          return reply.status(response?.status ?? 500).send({ error: "Internal server error" });
        });
      },
      { prefix: QUEUE_BOARD_PATH },
    );
  }
}

/** The board shows and changes every job: a live admin session, or nothing. */
async function adminsOnly(auth: Auth, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = tokenOf(request);
  const session = token ? await auth.authenticate(token) : null;
  if (!session) {
    await reply.status(401).send({ error: "Sign in as an administrator to see the queues" });
    return;
  }
  if (session.record.role !== "admin") {
    await reply.status(403).send({ error: "Only administrators may see the queues" });
  }
}

/** Mounts Bull Board for the task queue at /admin/queues (admins only). Returns its queue handle to close. */
export async function registerQueueBoard(
  app: FastifyInstance,
  options: { readonly auth: Auth; readonly redis: Redis; readonly prefix: string },
): Promise<Queue> {
  const queue = new Queue(QUEUES.tasks, { connection: options.redis, prefix: options.prefix });
  queue.on("error", (error) => app.log.warn({ err: error }, "queue board connection error"));
  const adapter = new QueueBoardAdapter();
  createBullBoard({
    queues: [new BullMQAdapter(queue)],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: "GovConnect queues" } },
  });
  await adapter.register(app, options.auth);
  return queue;
}
