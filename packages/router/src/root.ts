import { alertsRouter } from "./routers/alerts.ts";
import { appointmentsRouter } from "./routers/appointments.ts";
import { authRouter } from "./routers/auth.ts";
import { dashboardRouter } from "./routers/dashboard.ts";
import { emailsRouter } from "./routers/emails.ts";
import { healthRouter } from "./routers/health.ts";
import { hospitalsRouter } from "./routers/hospitals.ts";
import { tasksRouter } from "./routers/tasks.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  alerts: alertsRouter,
  appointments: appointmentsRouter,
  auth: authRouter,
  dashboard: dashboardRouter,
  emails: emailsRouter,
  health: healthRouter,
  hospitals: hospitalsRouter,
  tasks: tasksRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (REST routes, tests) with the same validation and errors as HTTP. */
export const createCaller = createCallerFactory(appRouter);
