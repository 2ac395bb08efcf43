import { submitTaskInput, TASK_TYPES, TASKS, taskPayloads } from "@govconnect/contracts";
import {
  listOwnTasks,
  submitTask,
  taskDetail,
  taskDetails,
  taskEventsAfter,
  taskListInput,
  taskView,
  visibleTask,
} from "@govconnect/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { asTRPCError } from "../errors.ts";
import { protectedProcedure } from "../trpc.ts";

/** Every task type with its payload's JSON Schema; the schemas never change while the process runs. */
const CATALOG = TASK_TYPES.map((type) => ({
  type,
  description: TASKS[type].description,
  schema: z.toJSONSchema(taskPayloads[type], { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
}));

export const tasksRouter = {
  /**
   * Every task type with its payload's JSON Schema (generated from the zod schema that validates
   * it), so a client can build the payload form from the server's own rules.
   */
  catalog: protectedProcedure
    .output(
      z.object({
        types: z.array(
          z.object({ type: z.enum(TASK_TYPES), description: z.string(), schema: z.record(z.string(), z.unknown()) }),
        ),
      }),
    )
    .query(() => ({ types: CATALOG })),

  /** `POST /api/tasks/submit`: queues a task (202). Priority 1 (most urgent) to 10, default 5. */
  submit: protectedProcedure
    .input(submitTaskInput)
    .output(
      z.object({ message: z.literal("Task submitted successfully"), taskId: z.uuid(), status: z.literal("queued") }),
    )
    .mutation(({ ctx, input }) => submitTask(ctx.db, ctx.tasks.dispatch, ctx.actor, input)),

  /** `GET /api/tasks/{taskId}`: status, result and history of one of the caller's tasks (admins: any). */
  byId: protectedProcedure
    .input(z.strictObject({ taskId: z.string().max(100) }))
    .output(taskDetail)
    .query(async ({ ctx, input }) => taskDetails(ctx.db, await visibleTask(ctx.db, ctx.actor, input.taskId))),

  /** The caller's own tasks, newest first, `limit` per page; pass `nextCursor` back for the next page. */
  list: protectedProcedure
    .input(taskListInput)
    .output(z.object({ items: z.array(taskView), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listOwnTasks(ctx.db, ctx.actor, input)),

  /**
   * Live status changes of the caller's tasks (admins: everyone's), or of one task, over SSE.
   * With `taskId`, starts with that task's history (after `lastEventId`, to resume). Ends when
   * the session does (logout, password change, idle timeout). Counts against the caller's live
   * stream limits (`LIVE_STREAMS_PER_USER`, `LIVE_STREAMS_PER_IP`): beyond them, refused (429).
   */
  onStatus: protectedProcedure
    .input(
      z.strictObject({ taskId: z.string().max(100).optional(), lastEventId: z.string().max(20).optional() }).optional(),
    )
    .subscription(async ({ ctx, input, signal }) => {
      const { actor } = ctx;
      // Admitted here, before the stream starts, so a refusal (429) takes the error middleware's path.
      const stream = ctx.liveStreams.open(
        { userId: actor.userId, ip: ctx.client.ip, sessionId: ctx.session.jti },
        signal,
      );
      // Listen now, as the call resolves — before the stream is read, then backfill — so nothing
      // published in between is missed: tRPC announces `connected` to the client before it starts
      // reading the generator below, and a client may submit a task as soon as it sees that.
      const live = ctx.taskEvents.subscribe(stream.signal);
      return (async function* () {
        try {
          // Per task: status events of one task are ordered, but tasks interleave out of id order.
          const lastSent = new Map<string, number>();
          if (input?.taskId) {
            // Errors thrown inside a subscription's stream bypass the error middleware: map this one here.
            const task = await visibleTask(ctx.db, actor, input.taskId).catch((error: unknown) => {
              throw asTRPCError(error);
            });
            const after = Number(input.lastEventId ?? 0) || 0;
            lastSent.set(task.id, after);
            for (const event of await taskEventsAfter(ctx.db, task, after)) {
              lastSent.set(task.id, event.eventId);
              yield tracked(String(event.eventId), event);
            }
          }
          for await (const event of live) {
            if (input?.taskId && event.taskId !== input.taskId) continue;
            if (actor.role !== "admin" && event.ownerId !== actor.userId) continue;
            if (event.eventId <= (lastSent.get(event.taskId) ?? 0)) continue;
            lastSent.set(event.taskId, event.eventId);
            yield tracked(String(event.eventId), event);
          }
        } finally {
          stream.release();
        }
      })();
    }),
} satisfies TRPCRouterRecord;
