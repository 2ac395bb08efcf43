import { authRouter } from "./routers/auth.ts";
import { emailsRouter } from "./routers/emails.ts";
import { healthRouter } from "./routers/health.ts";
import { tasksRouter } from "./routers/tasks.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  emails: emailsRouter,
  health: healthRouter,
  tasks: tasksRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (REST routes, tests) with the same validation and errors as HTTP. */
export const createCaller = createCallerFactory(appRouter);
