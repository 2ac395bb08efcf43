import { dashboardMetrics, metricSeries, seriesInput } from "@govconnect/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { protectedProcedure } from "../trpc.ts";

export const dashboardRouter = {
  /** `GET /api/dashboard/metrics`: the four sectors' figures, computed from stored data now. */
  metrics: protectedProcedure.output(dashboardMetrics).query(({ ctx }) => ctx.metrics.current()),

  /** One metric over time, averaged per minute, hour or day, for a chart. */
  series: protectedProcedure
    .input(seriesInput)
    .output(
      z.object({
        sector: z.string(),
        metric: z.string(),
        bucket: z.string(),
        from: z.string(),
        to: z.string(),
        points: z.array(z.object({ at: z.string(), value: z.number(), samples: z.number().int() })),
      }),
    )
    .query(({ ctx, input }) => metricSeries(ctx.db, input)),

  /**
   * Live figures over SSE: the current ones at once, then fresh ones whenever a sample, an
   * appointment, an alert or a hospital changes anywhere (bursts coalesced). Ends with the session.
   * Counts against the caller's live stream limits: beyond them, refused (429).
   */
  onMetrics: protectedProcedure.subscription(async ({ ctx, signal }) => {
    // Admitted here, before the stream starts, so a refusal (429) takes the error middleware's path.
    const stream = ctx.liveStreams.open(
      { userId: ctx.actor.userId, ip: ctx.client.ip, sessionId: ctx.session.jti },
      signal,
    );
    // Listen first, then compute, so a change in between is not missed.
    const changes = ctx.dashboard.subscribe(stream.signal);
    return (async function* () {
      try {
        let sent = "";
        const latest = async () => {
          const metrics = await ctx.metrics.current();
          const { computedAt: _at, ...figures } = metrics;
          const key = JSON.stringify(figures);
          if (key === sent) return undefined;
          sent = key;
          return metrics;
        };
        const first = await latest();
        if (first) yield tracked(first.computedAt, first);
        for await (const _reason of changes) {
          const next = await latest();
          if (next) yield tracked(next.computedAt, next);
        }
      } finally {
        stream.release();
      }
    })();
  }),
} satisfies TRPCRouterRecord;
