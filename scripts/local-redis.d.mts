// Types for local-redis.mjs, for its test (packages/redis/src/local-redis.test.ts).
import type { ChildProcess } from "node:child_process";

export class LocalRedisError extends Error {}

export function isManagedRedisUrl(redisUrl: string): boolean;
export function localRedisPassword(dir: string): string;
export function writeLocalRedisConfig(dir: string, port: number, password: string): string;
export function localRedisUrl(redisUrl: string, password: string): string;
export function redisCommands(
  host: string,
  port: number,
  commands: readonly (readonly string[])[],
  timeoutMs?: number,
): Promise<unknown[] | undefined>;
export function probeLocalRedis(
  host: string,
  port: number,
  password: string,
): Promise<{ state: "absent" | "ours" | "locked" } | { state: "open"; dir: string | undefined }>;
export function ensureLocalRedis(options: {
  redisUrl: string;
  dir: string;
  install?: () => unknown;
  binary?: string;
}): Promise<{ url: string; detail: string; child?: ChildProcess; warning?: string }>;
