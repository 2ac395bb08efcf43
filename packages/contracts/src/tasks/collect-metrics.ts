import { z } from "zod";
import { metricDefinition } from "../metric-definitions.ts";
import { defineTask } from "./define.ts";

export const SECTORS = ["healthcare", "agriculture", "infrastructure"] as const;
export type Sector = (typeof SECTORS)[number];

export const collectMetricsTask = defineTask({
  type: "collect_metrics",
  description: "Store metric samples of a sector for the dashboard (sector admins)",
  payload: z
    .strictObject({
      sector: z.enum(SECTORS, { error: `sector must be one of ${SECTORS.join(", ")}` }),
      samples: z
        .array(
          z.strictObject({
            metric: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, {
              error: "metric must be a name like availableBeds (letters, digits, _)",
            }),
            value: z.number({ error: "value must be a number" }).finite({ error: "value must be a finite number" }),
            at: z.iso.datetime({ error: "at must be an ISO 8601 date-time" }).optional(),
          }),
        )
        .min(1, { error: "samples must hold at least one sample" })
        .max(100, { error: "samples may hold at most 100 samples" }),
    })
    // A known metric's value must make sense (a crop yield of -3 t/ha or an uptime of 140 % does not).
    .superRefine(({ sector, samples }, context) => {
      samples.forEach((sample, index) => {
        const definition = metricDefinition(sector, sample.metric);
        if (definition && (sample.value < definition.min || sample.value > definition.max)) {
          context.addIssue({
            code: "custom",
            path: ["samples", index, "value"],
            message: `value of ${sample.metric} must be from ${definition.min} to ${definition.max}${definition.unit ? ` ${definition.unit}` : ""}`,
          });
        }
      });
    }),
  retries: { attempts: 3, delayMs: 5_000 },
  // Sector admins feed their own sector's metrics.
  maySubmit: (actor, { sector }) =>
    actor.role === `${sector}_admin` ? null : { message: `Only ${sector} administrators may submit ${sector} metrics` },
});
