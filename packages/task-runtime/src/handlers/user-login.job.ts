import { loginEvents } from "@govconnect/db";
import type { TaskProcessor } from "./context.ts";

/** Records a sign-in (user, IP, user agent, time); one row per task, however often it runs. */
export const userLogin: TaskProcessor<"user_login"> = async (payload, { db, task }) => {
  const [inserted] = await db
    .insert(loginEvents)
    .values({
      taskId: task.id,
      userId: payload.userId,
      ip: payload.ip,
      userAgent: payload.userAgent ?? null,
      at: new Date(payload.at),
    })
    .onConflictDoNothing({ target: loginEvents.taskId })
    .returning({ id: loginEvents.id });
  return { recorded: true, loginEventId: inserted?.id ?? null, duplicate: !inserted };
};
