export type { Redis } from "ioredis";
export { type Channel, createChannel, createFanOut, type FanOut } from "./channel.ts";
export { describeRedisUrl, RedisUrlError, redisConnectionOptions, TLS_CA_FILE_PARAM } from "./connection.ts";
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
