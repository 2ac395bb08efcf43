import { sendPasswordResetLinks } from "@govconnect/domain";
import type { TaskProcessor } from "./context.ts";

/** "Forgot password", done where nobody is waiting for (or timing) the answer: see the domain rule. */
export const passwordReset: TaskProcessor<"password_reset"> = (payload, { db, dispatch, task }) =>
  sendPasswordResetLinks(db, dispatch, payload.email, task.id);
