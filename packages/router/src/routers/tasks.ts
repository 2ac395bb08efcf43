import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { submitTaskInput, taskDetail, taskListInput, taskView } from "../schemas/tasks.ts";
import { listOwnTasks, submitTask, taskDetails, visibleTask } from "../services/tasks.ts";
import { protectedProcedure } from "../trpc.ts";

export const tasksRouter = {
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
} satisfies TRPCRouterRecord;
