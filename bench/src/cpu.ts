import { readdirSync, readFileSync } from "node:fs";

/** Linux's clock ticks per second for /proc's CPU times (`getconf CLK_TCK`; 100 on every Linux we run). */
const TICKS_PER_SECOND = 100;

/**
 * user + system CPU seconds in a /proc …/stat line (fields 14 and 15, counted after the command
 * name) and, with `reaped`, those of its children that have exited (16 and 17).
 */
function statCpuSeconds(path: string, reaped = false): number {
  try {
    const stat = readFileSync(path, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const own = Number(fields[11]) + Number(fields[12]);
    return (reaped ? own + Number(fields[13]) + Number(fields[14]) : own) / TICKS_PER_SECOND;
  } catch {
    return 0; // the process or thread has gone
  }
}

function parentOf(pid: string): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

export interface CpuSources {
  /** A Node process: its main (JavaScript) thread apart from its other threads (libuv's pool: bcrypt, and V8's). */
  readonly node: Record<string, number>;
  /** A server and its direct children, running or exited (PostgreSQL's backends). */
  readonly servers: Record<string, number>;
}

/** CPU seconds each source has used so far. */
export function cpuNow(sources: CpuSources): Record<string, number> {
  const seconds: Record<string, number> = {};
  for (const [name, pid] of Object.entries(sources.node)) {
    const main = statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);
    seconds[`${name}MainThread`] = main;
    seconds[`${name}OtherThreads`] = statCpuSeconds(`/proc/${pid}/stat`) - main;
  }
  const all = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  for (const [name, pid] of Object.entries(sources.servers)) {
    const children = all.filter((entry) => {
      try {
        return parentOf(entry) === pid;
      } catch {
        return false;
      }
    });
    seconds[name] =
      statCpuSeconds(`/proc/${pid}/stat`, true) +
      children.reduce((sum, entry) => sum + statCpuSeconds(`/proc/${entry}/stat`), 0);
  }
  return seconds;
}

/** What each source used between two readings, in core-seconds, rounded to 0.1. */
export function cpuSpent(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, value]) => [name, Math.round((value - (before[name] ?? 0)) * 10) / 10]),
  );
}
