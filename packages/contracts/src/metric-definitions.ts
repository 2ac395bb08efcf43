import type { Sector } from "./tasks/collect-metrics.ts";

/** What a sector admin records for a metric: its words, its unit and the values that make sense. */
export interface MetricDefinition {
  readonly metric: string;
  readonly label: string;
  /** Shown after the value ("t/ha"); empty for a plain count. */
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  /** The smallest step a value moves by (1 for counts). */
  readonly step: number;
}

/**
 * The metrics each sector's admins record by hand (the original system's names), in the order
 * the sector page shows them. The server refuses a sample outside its range.
 */
export const SECTOR_METRICS: Readonly<Record<Sector, readonly MetricDefinition[]>> = {
  healthcare: [{ metric: "occupiedBeds", label: "Occupied beds", unit: "beds", min: 0, max: 100_000, step: 1 }],
  agriculture: [
    { metric: "activeFarms", label: "Active farms", unit: "farms", min: 0, max: 10_000_000, step: 1 },
    { metric: "cropYield", label: "Crop yield", unit: "t/ha", min: 0, max: 100, step: 0.01 },
    { metric: "waterUsage", label: "Water usage", unit: "ML/day", min: 0, max: 1_000_000, step: 0.1 },
  ],
  infrastructure: [
    { metric: "trafficFlow", label: "Traffic flow", unit: "vehicles/h", min: 0, max: 1_000_000, step: 1 },
    { metric: "powerConsumption", label: "Power consumption", unit: "MW", min: 0, max: 1_000_000, step: 0.1 },
    { metric: "networkUptime", label: "Network uptime", unit: "%", min: 0, max: 100, step: 0.01 },
  ],
};

/** The definition of a sector's metric, or undefined for a metric no form records. */
export const metricDefinition = (sector: Sector, metric: string): MetricDefinition | undefined =>
  SECTOR_METRICS[sector].find((definition) => definition.metric === metric);
