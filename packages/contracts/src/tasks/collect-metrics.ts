import { z } from "zod";
import { metricDefinition } from "../metric-definitions.ts";
import { defineTask } from "./define.ts";

export const SECTORS = ["healthcare", "agriculture", "infrastructure"] as const;
export type Sector = (typeof SECTORS)[number];

/** How far a sample's `at` may be ahead of the clock (clock skew), and how far back it may go. */
export const SAMPLE_MAX_AHEAD_MS = 5 * 60_000;
export const SAMPLE_MAX_AGE_DAYS = 31;

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
    // A known metric's value must make sense (a crop yield of -3 t/ha or an uptime of 140 % does not),
    // and a sample's time must be now-ish: one dated 2099 would be "the newest" for ever and pin its
    // figure on every dashboard (security review L9).
    .superRefine(({ sector, samples }, context) => {
      const now = Date.now();
      samples.forEach((sample, index) => {
        const at = sample.at === undefined ? now : Date.parse(sample.at);
        if (at > now + SAMPLE_MAX_AHEAD_MS || at < now - SAMPLE_MAX_AGE_DAYS * 86_400_000) {
          context.addIssue({
            code: "custom",
            path: ["samples", index, "at"],
            message: `at must be within the last ${SAMPLE_MAX_AGE_DAYS} days, and not in the future`,
          });
        }
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
