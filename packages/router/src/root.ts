import type { TRPCBuiltRouter, TRPCDecorateCreateRouterOptions } from "@trpc/server";
import type { AppErrorShape } from "./errors.ts";
import { alertsRouter } from "./routers/alerts.ts";
import { appointmentsRouter } from "./routers/appointments.ts";
import { auditRouter } from "./routers/audit.ts";
import { authRouter } from "./routers/auth.ts";
import { dashboardRouter } from "./routers/dashboard.ts";
import { emailsRouter } from "./routers/emails.ts";
import { healthRouter } from "./routers/health.ts";
import { hospitalsRouter } from "./routers/hospitals.ts";
import { secondFactorRouter } from "./routers/second-factor.ts";
import { settingsRouter } from "./routers/settings.ts";
import { tasksRouter } from "./routers/tasks.ts";
import { usersRouter } from "./routers/users.ts";
import { createCallerFactory, router } from "./trpc.ts";

const procedures = {
  alerts: alertsRouter,
  appointments: appointmentsRouter,
  audit: auditRouter,
  auth: authRouter,
  dashboard: dashboardRouter,
  emails: emailsRouter,
  health: healthRouter,
  hospitals: hospitalsRouter,
  secondFactor: secondFactorRouter,
  settings: settingsRouter,
  tasks: tasksRouter,
  users: usersRouter,
};

export const appRouter = router(procedures);

export type AppRouter = typeof appRouter;

/**
 * The router as a client sees it: every procedure's input and output, and the error shape —
 * without the server's context, so a client's type declarations need nothing of the server's
 * (database, Redis…). `@govconnect/client` exports this as its `AppRouter`.
 */
export type PublicAppRouter = TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: AppErrorShape; transformer: false },
  TRPCDecorateCreateRouterOptions<typeof procedures>
>;

/** Calls procedures in-process (REST routes, tests) with the same validation and errors as HTTP. */
export const createCaller = createCallerFactory(appRouter);
