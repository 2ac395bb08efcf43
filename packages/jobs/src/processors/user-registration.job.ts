import { users } from "@govconnect/db";
import { UnrecoverableError } from "bullmq";
import { eq, sql } from "drizzle-orm";
import type { TaskProcessor } from "./context.ts";

/**
 * Finishes onboarding: marks the account onboarded (once: a re-run keeps the first time). The
 * welcome email is sent from here when the email issue lands (its outbox row is the seam).
 */
export const userRegistration: TaskProcessor<"user_registration"> = async (payload, { db }) => {
  const [user] = await db
    .update(users)
    .set({ onboardedAt: sql`coalesce(${users.onboardedAt}, now())` })
    .where(eq(users.id, payload.userId))
    .returning({ id: users.id, onboardedAt: users.onboardedAt });
  if (!user) throw new UnrecoverableError(`user ${payload.userId} does not exist`);
  return { userId: user.id, onboardedAt: user.onboardedAt?.toISOString() ?? null };
};
