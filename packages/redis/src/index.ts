export type { Redis } from "ioredis";
export {
  assertRedisReady,
  closeRedis,
  createRedis,
  pingRedis,
  type RedisRole,
  RedisUnavailableError,
  reconnectDelay,
  redisOptions,
} from "./redis.ts";
