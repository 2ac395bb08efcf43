import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { healthReportSchema } from "../health.ts";
import { publicProcedure } from "../trpc.ts";

export const healthRouter = {
  /** The same report as `GET /api/health`: service status and each dependency's. */
  check: publicProcedure
    .input(z.void())
    .output(healthReportSchema)
    .query(({ ctx }) => ctx.health.report(ctx.logger)),
} satisfies TRPCRouterRecord;
