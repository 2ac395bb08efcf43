import { readFileSync, writeFileSync } from "node:fs";
import type { ScenarioResult } from "./scenarios.ts";

export interface Report {
  readonly date: string;
  readonly commit: string;
  readonly machine: { cores: number; cpu: string; memoryGiB: number; node: string; platform: string };
  readonly secondsPerRun: number;
  readonly durationSeconds: number;
  readonly results: readonly ScenarioResult[];
  readonly failures: readonly string[];
}

const n = (value: number | undefined, digits = 0) =>
  value === undefined || Number.isNaN(value)
    ? "—"
    : value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The markers between which `pnpm bench` rewrites BENCHMARKS.md; the analysis around them is kept. */
const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";

/** What every load run reports; other figures are listed by name after them. */
const LOAD_FIELDS = ["requestsPerSecond", "p50Ms", "p99Ms", "errors", "requests"];

function table(report: Report): string {
  const rows = report.results.map((r) => {
    const p = r.product;
    const b = r.baseline ?? {};
    const product =
      p.requestsPerSecond !== undefined
        ? `${n(p.requestsPerSecond)} req/s, p50 ${n(p.p50Ms)} ms, p99 ${n(p.p99Ms)} ms, ${n(p.errors)} errors`
        : Object.entries(p)
            .map(([k, v]) => `${k} ${n(v, 1)}`)
            .join(", ");
    const baseline =
      b.requestsPerSecond !== undefined
        ? `${n(b.requestsPerSecond)} /s${b.p99Ms !== undefined ? `, p99 ${n(b.p99Ms)} ms` : ""}`
        : Object.entries(b)
            .map(([k, v]) => `${k} ${n(v, 1)}`)
            .join(", ");
    const extras = (figures: Record<string, number>) =>
      Object.entries(figures)
        .filter(([k]) => !LOAD_FIELDS.includes(k))
        .map(([k, v]) => `${k} ${n(v, k.startsWith("productVs") ? 2 : 1)}`)
        .join(", ");
    const extra = extras(p);
    const baselineExtra = extras(b);
    return `| ${r.title} | ${product}${p.requestsPerSecond !== undefined && extra ? `; ${extra}` : ""} | ${baseline}${b.requestsPerSecond !== undefined && baselineExtra ? `; ${baselineExtra}` : ""} | ${r.ratio === undefined ? "—" : n(r.ratio, 2)} | ${r.target} | ${r.met ? "met" : "**missed**"} |`;
  });
  return [
    `Run ${report.date.slice(0, 16).replace("T", " ")} UTC at commit \`${report.commit}\` on ${report.machine.cores} cores (${report.machine.cpu}), ${report.machine.memoryGiB} GiB, Node ${report.machine.node}; ${report.secondsPerRun} s per load run; ${report.durationSeconds} s in all.`,
    "",
    "| scenario | product | baseline (same run) | ratio | target | |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    ...(report.failures.length ? ["", `Failed: ${report.failures.join("; ")}`] : []),
  ].join("\n");
}

/** Rewrites the results section of BENCHMARKS.md (creating the file if needed). */
export function writeReport(path: string, report: Report): void {
  let existing = "";
  try {
    existing = readFileSync(path, "utf8");
  } catch {
    existing = `# Benchmarks\n\n${START}\n${END}\n`;
  }
  const section = `${START}\n${table(report)}\n${END}`;
  const next =
    existing.includes(START) && existing.includes(END)
      ? existing.replace(new RegExp(`${START}[\\s\\S]*${END}`), section)
      : `${existing.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
