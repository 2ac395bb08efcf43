import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { publicProcedure } from "../trpc.ts";

export const settingsRouter = {
  /**
   * How people are shown dates, times and numbers: the deployment's locale and time zone
   * (`LOCALE`, `TZ`), so every page writes them one way, whatever the browser's own settings.
   */
  display: publicProcedure
    .input(z.void())
    .output(z.object({ locale: z.string(), timeZone: z.string() }))
    .query(({ ctx }) => ctx.display),
} satisfies TRPCRouterRecord;
