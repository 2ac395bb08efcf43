import { ALERT_MANAGERS, alertReport } from "@govconnect/contracts";
import { alertListInput, alertView, createAlert, handleAlert, listAlerts } from "@govconnect/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { protectedProcedure } from "../trpc.ts";

/**
 * Raising and handling alerts: admins any type, sector admins their sector's. The domain checks
 * the type (\`mayManageAlerts\`); the roles are declared here for the REST documentation.
 */
const alertManagerProcedure = protectedProcedure.meta({ access: ALERT_MANAGERS, changes: "alert" });

const byId = z.strictObject({ id: z.string().max(100) });

export const alertsRouter = {
  /** `GET /api/alerts` (signed-in users): open alerts by default, newest first. */
  list: protectedProcedure
    .input(alertListInput)
    .output(z.object({ alerts: z.array(alertView), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const result = await listAlerts(ctx.db, input);
      return { alerts: result.items, nextCursor: result.nextCursor };
    }),

  /**
   * `POST /api/alerts` (admins; sector admins for their sector): a repeat of an open alert is
   * folded into it (`repeated`), raising its count and, every few repeats, its severity.
   */
  create: alertManagerProcedure
    .input(alertReport)
    .output(z.object({ message: z.literal("Alert created successfully"), alert: alertView, repeated: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const outcome = await createAlert(ctx.db, ctx.actor, input);
      return { message: "Alert created successfully" as const, alert: outcome.alert, repeated: outcome.repeated };
    }),

  acknowledge: alertManagerProcedure
    .input(byId)
    .output(z.object({ message: z.literal("Alert acknowledged"), alert: alertView }))
    .mutation(async ({ ctx, input }) => {
      const alert = await handleAlert(ctx.db, ctx.actor, input.id, "acknowledge");
      return { message: "Alert acknowledged" as const, alert };
    }),

  /** Also `DELETE /api/alerts/{id}` (the original's "deactivate"). */
  resolve: alertManagerProcedure
    .input(byId)
    .output(z.object({ message: z.literal("Alert resolved"), alert: alertView }))
    .mutation(async ({ ctx, input }) => {
      const alert = await handleAlert(ctx.db, ctx.actor, input.id, "resolve");
      return { message: "Alert resolved" as const, alert };
    }),
} satisfies TRPCRouterRecord;
