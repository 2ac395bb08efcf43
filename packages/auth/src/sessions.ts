import type { UserRole } from "@govconnect/contracts";
import { needsSecondFactor, USER_ROLES } from "@govconnect/contracts";
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
  /** Signed in with a second factor too (NIST AAL2); sessions from before it existed have none. */
  secondFactor: z.boolean().optional(),
});
export type SessionRecord = z.infer<typeof sessionSchema>;

/**
 * A staff session opened without the second factor its role needs: it may only set one up.
 * The one rule the router, the queue board and the dashboard's `auth.session` all ask.
 */
export const awaitsSecondFactor = (record: SessionRecord) => needsSecondFactor(record) && record.secondFactor !== true;

/** A live session as its owner sees it in "your sessions". */
export interface SessionSummary {
  readonly id: string;
  readonly record: SessionRecord;
  readonly lastUsedAt: Date;
}

export interface SessionStore {
  create(jti: string, record: SessionRecord, expiresAt: Date): Promise<void>;
  /**
   * The session, its idle timer restarted and its last use recorded (in the same round trip);
   * null when it ended (idle, logout, password change, deactivation).
   */
  touch(jti: string, userId: string, expiresAt: Date): Promise<SessionRecord | null>;
  /** Whether the session is still live, without restarting its idle timer (for long-lived streams). */
  isActive(jti: string): Promise<boolean>;
  /**
   * Which of these sessions are still live, in one round trip, without restarting their idle
   * timers: the per-process check of every open live stream (security review M4).
   */
  activeOf(jtis: readonly string[]): Promise<ReadonlySet<string>>;
  /** A user's live sessions, most recently used first. */
  list(userId: string): Promise<SessionSummary[]>;
  revoke(jti: string): Promise<void>;
  /** Ends every session of a user, but `exceptJti` (the one changing the password keeps going). */
  revokeAllForUser(userId: string, exceptJti?: string): Promise<number>;
  /** Rewrites the role in each of a user's live sessions, so a role change counts from the next request. */
  setRole(userId: string, role: UserRole): Promise<void>;
  /** The session's user has just proved a second factor (enrolled one while signed in): from now on it counts. */
  markSecondFactor(jti: string): Promise<void>;
}

const parseRecord = (raw: string | null): SessionRecord | null => {
  if (raw === null) return null;
  const parsed = sessionSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
};

/**
 * Sessions in Redis keyed by the token's `jti`, shared by every API instance. Each lives for the
 * idle timeout, restarted by every authenticated request, and never beyond its token's expiry.
 * A sorted set per user holds its sessions by last use.
 */
export function createSessionStore(redis: Redis, options: { keyPrefix: string; idleSeconds: number }): SessionStore {
  const sessionKey = (jti: string) => `${options.keyPrefix}:session:${jti}`;
  const userKey = (userId: string) => `${options.keyPrefix}:sessions-of:${userId}`;
  // Before the sorted set, a plain set listed a user's sessions; a session lives at most a day, so
  // after that day this key is gone everywhere and only `revokeAllForUser` still reads it.
  const legacyUserKey = (userId: string) => `${options.keyPrefix}:user-sessions:${userId}`;
  const ttl = (expiresAt: Date) =>
    Math.max(1, Math.min(options.idleSeconds, Math.ceil((expiresAt.getTime() - Date.now()) / 1000)));
  const members = async (userId: string) => {
    const [current, legacy] = await Promise.all([
      redis.zrange(userKey(userId), 0, -1),
      redis.smembers(legacyUserKey(userId)),
    ]);
    return [...new Set([...current, ...legacy])];
  };

  return {
    async create(jti, record, expiresAt) {
      const remaining = Math.ceil((expiresAt.getTime() - Date.now()) / 1000);
      await redis
        .multi()
        .set(sessionKey(jti), JSON.stringify(record), "EX", ttl(expiresAt))
        .zadd(userKey(record.userId), Date.now(), jti)
        // Every token lives as long, so the newest session is the last to end: the list lives as long.
        .expire(userKey(record.userId), Math.max(remaining, 1))
        .exec();
    },
    async touch(jti, userId, expiresAt) {
      // XX: an ended session (no longer a member) is not brought back into the list.
      const results = await redis
        .pipeline()
        .getex(sessionKey(jti), "EX", ttl(expiresAt))
        .zadd(userKey(userId), "XX", Date.now(), jti)
        .exec();
      const [error, raw] = results?.[0] ?? [null, null];
      if (error) throw error;
      return parseRecord(raw as string | null);
    },
    async isActive(jti) {
      return (await redis.exists(sessionKey(jti))) === 1;
    },
    async activeOf(jtis) {
      if (jtis.length === 0) return new Set();
      // One EXISTS per session in one pipeline: a multi-key EXISTS would only count them.
      const pipeline = redis.pipeline();
      for (const jti of jtis) pipeline.exists(sessionKey(jti));
      const results = (await pipeline.exec()) ?? [];
      const active = new Set<string>();
      jtis.forEach((jti, index) => {
        const [error, exists] = results[index] ?? [new Error("no reply"), 0];
        if (error) throw error;
        if (exists === 1) active.add(jti);
      });
      return active;
    },
    async list(userId) {
      const scored = await redis.zrange(userKey(userId), 0, -1, "REV", "WITHSCORES");
      const entries: { id: string; lastUsedAt: Date }[] = [];
      for (let i = 0; i + 1 < scored.length; i += 2) {
        entries.push({ id: scored[i] as string, lastUsedAt: new Date(Number(scored[i + 1])) });
      }
      if (entries.length === 0) return [];
      const raws = await redis.mget(...entries.map((entry) => sessionKey(entry.id)));
      const live: SessionSummary[] = [];
      const ended: string[] = [];
      entries.forEach((entry, index) => {
        const record = parseRecord(raws[index] ?? null);
        if (record) live.push({ ...entry, record });
        else ended.push(entry.id);
      });
      // Sessions that ended by idling out leave their member behind: tidy up while here.
      if (ended.length > 0) await redis.zrem(userKey(userId), ...ended);
      return live;
    },
    async revoke(jti) {
      const record = parseRecord(await redis.get(sessionKey(jti)));
      const transaction = redis.multi().del(sessionKey(jti));
      if (record) transaction.zrem(userKey(record.userId), jti).srem(legacyUserKey(record.userId), jti);
      await transaction.exec();
    },
    async revokeAllForUser(userId, exceptJti) {
      const jtis = (await members(userId)).filter((jti) => jti !== exceptJti);
      if (jtis.length === 0) return 0;
      await redis
        .multi()
        .del(...jtis.map(sessionKey))
        .zrem(userKey(userId), ...jtis)
        .srem(legacyUserKey(userId), ...jtis)
        .exec();
      return jtis.length;
    },
    async setRole(userId, role) {
      const jtis = await members(userId);
      if (jtis.length === 0) return;
      const raws = await redis.mget(...jtis.map(sessionKey));
      const rewrite = redis.multi();
      jtis.forEach((jti, index) => {
        const record = parseRecord(raws[index] ?? null);
        // KEEPTTL keeps the idle timer; XX never revives a session that ended meanwhile.
        if (record) rewrite.set(sessionKey(jti), JSON.stringify({ ...record, role }), "KEEPTTL", "XX");
      });
      await rewrite.exec();
    },
    async markSecondFactor(jti) {
      const record = parseRecord(await redis.get(sessionKey(jti)));
      if (record) await redis.set(sessionKey(jti), JSON.stringify({ ...record, secondFactor: true }), "KEEPTTL", "XX");
    },
  };
}
