import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root, where every workspace script path starts. */
export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process exits, with everything it printed. */
  readonly finished: Promise<Finished>;
  /** Resolves once stdout matches `pattern`; rejects if the process exits first. */
  waitForOutput(pattern: RegExp): Promise<void>;
  /** Sends `signal` (SIGTERM by default) unless it already exited, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Finished>;
}

export interface NodeScriptOptions {
  /** The whole environment of the child: only PATH is inherited, so tests say what they set. */
  readonly env?: Record<string, string>;
  /** Written to the child's stdin, which is then closed. */
  readonly stdin?: string;
}

/**
 * Runs a workspace TypeScript entry point (`apps/api/src/main.ts`…) as its own Node process, from
 * the repository root, the way `pnpm dev` does: the packages' source through tsx.
 */
export function runNodeScript(
  script: string,
  args: readonly string[] = [],
  options: NodeScriptOptions = {},
): RunningProcess {
  const child = spawn(process.execPath, ["--conditions=@govconnect/source", "--import", "tsx", script, ...args], {
    cwd: REPO_ROOT,
    // Only what the test sets: no developer .env (GOVCONNECT_DOTENV=0), no inherited variables.
    env: { PATH: process.env.PATH ?? "", GOVCONNECT_DOTENV: "0", ...options.env },
    stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  const finished = new Promise<Finished>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    finished,
    async waitForOutput(pattern) {
      while (!pattern.test(stdout)) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(
            `${script} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${stderr}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return finished;
    },
  };
}
