import { USER_ROLES } from "@govconnect/contracts";
import type { Redis } from "@govconnect/redis";
import { z } from "zod";

/** What a signed-in request knows without asking the database. */
export const sessionSchema = z.object({
  userId: z.string(),
  username: z.string(),
  role: z.enum(USER_ROLES),
  createdAt: z.string(),
  ip: z.string().optional(),
  userAgent: z.string().optional(),
});
export type SessionRecord = z.infer<typeof sessionSchema>;

export interface SessionStore {
  create(jti: string, record: SessionRecord, expiresAt: Date): Promise<void>;
  /** The session, its idle timer restarted; null when it ended (idle, logout, password change). */
  touch(jti: string, expiresAt: Date): Promise<SessionRecord | null>;
  /** Whether the session is still live, without restarting its idle timer (for long-lived streams). */
  isActive(jti: string): Promise<boolean>;
  revoke(jti: string): Promise<void>;
  /** Ends every session of a user, but `exceptJti` (the one changing the password keeps going). */
  revokeAllForUser(userId: string, exceptJti?: string): Promise<number>;
}

/**
 * Sessions in Redis keyed by the token's `jti`, shared by every API instance. Each lives for the
 * idle timeout, restarted by every authenticated request, and never beyond its token's expiry.
 */
export function createSessionStore(redis: Redis, options: { keyPrefix: string; idleSeconds: number }): SessionStore {
  const sessionKey = (jti: string) => `${options.keyPrefix}:session:${jti}`;
  const userKey = (userId: string) => `${options.keyPrefix}:user-sessions:${userId}`;
  const ttl = (expiresAt: Date) =>
    Math.max(1, Math.min(options.idleSeconds, Math.ceil((expiresAt.getTime() - Date.now()) / 1000)));

  return {
    async create(jti, record, expiresAt) {
      const remaining = Math.ceil((expiresAt.getTime() - Date.now()) / 1000);
      await redis
        .multi()
        .set(sessionKey(jti), JSON.stringify(record), "EX", ttl(expiresAt))
        .sadd(userKey(record.userId), jti)
        .expire(userKey(record.userId), Math.max(remaining, 1))
        .exec();
    },
    async touch(jti, expiresAt) {
      const raw = await redis.getex(sessionKey(jti), "EX", ttl(expiresAt));
      if (raw === null) return null;
      const parsed = sessionSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    },
    async isActive(jti) {
      return (await redis.exists(sessionKey(jti))) === 1;
    },
    async revoke(jti) {
      const raw = await redis.get(sessionKey(jti));
      const transaction = redis.multi().del(sessionKey(jti));
      if (raw) {
        const parsed = sessionSchema.safeParse(JSON.parse(raw));
        if (parsed.success) transaction.srem(userKey(parsed.data.userId), jti);
      }
      await transaction.exec();
    },
    async revokeAllForUser(userId, exceptJti) {
      const jtis = (await redis.smembers(userKey(userId))).filter((jti) => jti !== exceptJti);
      if (jtis.length === 0) return 0;
      await redis
        .multi()
        .del(...jtis.map(sessionKey))
        .srem(userKey(userId), ...jtis)
        .exec();
      return jtis.length;
    },
  };
}
