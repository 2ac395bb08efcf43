export type { Redis } from "ioredis";
export {
  assertRedisReady,
  closeRedis,
  createRedis,
  pingRedis,
  type RedisRole,
  RedisUnavailableError,
  reconnectDelay,
  redactUrl,
  redisOptions,
} from "./redis.ts";
