import type { TaskType } from "@govconnect/jobs";
import { TASK_TYPES, taskPayloads } from "@govconnect/jobs";
import type { TRPCRouterRecord } from "@trpc/server";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { asTRPCError } from "../errors.ts";
import { sessionBoundSignal } from "../live.ts";
import { submitTaskInput, taskDetail, taskListInput, taskView } from "../schemas/tasks.ts";
import { listOwnTasks, submitTask, taskDetails, taskEventsAfter, visibleTask } from "../services/tasks.ts";
import { protectedProcedure } from "../trpc.ts";

/** What each task type does, for people choosing one (the dashboard's form). */
const TASK_DESCRIPTIONS: Record<TaskType, string> = {
  user_login: "Record a sign-in of your account (IP, user agent, time)",
  user_registration: "Finish onboarding of your account and send its welcome email",
  collect_metrics: "Store metric samples of a sector for the dashboard (sector admins)",
  appointment_booking: "Book an appointment for yourself, in the background",
  alert_processing: "Report an alert: repeats of an open one are folded into it (admins)",
  email_notification: "Send one email of the outbox (admins)",
};

let catalog: Array<{ type: TaskType; description: string; schema: Record<string, unknown> }> | undefined;

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
    .query(() => {
      // The schemas never change while the process runs: generated once, on first use.
      catalog ??= TASK_TYPES.map((type) => ({
        type,
        description: TASK_DESCRIPTIONS[type],
        schema: z.toJSONSchema(taskPayloads[type], { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
      }));
      return { types: catalog };
    }),

  /** `POST /api/tasks/submit`: queues a task (202). Priority 1 (most urgent) to 10, default 5. */
  submit: protectedProcedure
    .input(submitTaskInput)
    .output(
      z.object({ message: z.literal("Task submitted successfully"), taskId: z.uuid(), status: z.literal("queued") }),
    )
    .mutation(({ ctx, input }) => submitTask(ctx.tasks, ctx.session, input)),

  /** `GET /api/tasks/{taskId}`: status, result and history of one of the caller's tasks (admins: any). */
  byId: protectedProcedure
    .input(z.strictObject({ taskId: z.string().max(100) }))
    .output(taskDetail)
    .query(async ({ ctx, input }) =>
      taskDetails(ctx.database.db, await visibleTask(ctx.database.db, ctx.session, input.taskId)),
    ),

  /** The caller's own tasks, newest first, `limit` per page; pass `nextCursor` back for the next page. */
  list: protectedProcedure
    .input(taskListInput)
    .output(z.object({ items: z.array(taskView), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listOwnTasks(ctx.database.db, ctx.session, input)),

  /**
   * Live status changes of the caller's tasks (admins: everyone's), or of one task, over SSE.
   * With `taskId`, starts with that task's history (after `lastEventId`, to resume). Ends when
   * the session does (logout, password change, idle timeout).
   */
  onStatus: protectedProcedure
    .input(
      z.strictObject({ taskId: z.string().max(100).optional(), lastEventId: z.string().max(20).optional() }).optional(),
    )
    .subscription(async ({ ctx, input, signal }) => {
      const session = ctx.session;
      const stream = sessionBoundSignal(ctx, session, signal);
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
            const task = await visibleTask(ctx.database.db, session, input.taskId).catch((error: unknown) => {
              throw asTRPCError(error);
            });
            const after = Number(input.lastEventId ?? 0) || 0;
            lastSent.set(task.id, after);
            for (const event of await taskEventsAfter(ctx.database.db, task, after)) {
              lastSent.set(task.id, event.eventId);
              yield tracked(String(event.eventId), event);
            }
          }
          for await (const event of live) {
            if (input?.taskId && event.taskId !== input.taskId) continue;
            if (session.record.role !== "admin" && event.ownerId !== session.record.userId) continue;
            if (event.eventId <= (lastSent.get(event.taskId) ?? 0)) continue;
            lastSent.set(event.taskId, event.eventId);
            yield tracked(String(event.eventId), event);
          }
        } finally {
          stream.dispose();
        }
      })();
    }),
} satisfies TRPCRouterRecord;
