import { users } from "@govconnect/db";
import { writeOutboxEmail } from "@govconnect/jobs";
import { UnrecoverableError } from "bullmq";
import { eq, sql } from "drizzle-orm";
import type { TaskProcessor } from "./context.ts";

/**
 * Finishes onboarding: marks the account onboarded (the first time counts) and, in the same
 * transaction, writes the welcome email and the task that sends it. A re-run writes neither
 * again: the email is keyed `welcome/<user id>`.
 */
export const userRegistration: TaskProcessor<"user_registration"> = async (payload, { db, dispatch }) => {
  const outcome = await db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ onboardedAt: sql`coalesce(${users.onboardedAt}, now())` })
      .where(eq(users.id, payload.userId))
      .returning();
    if (!user) throw new UnrecoverableError(`user ${payload.userId} does not exist`);
    const welcome = await writeOutboxEmail(tx, {
      dedupeKey: `welcome/${user.id}`,
      template: "welcome",
      recipient: user.email,
      props: { fullName: user.fullName, username: user.username },
      userId: user.id,
    });
    return { user, welcomeEmailId: welcome?.emailId ?? null, sendTask: welcome?.sendTask };
  });
  if (outcome.sendTask) await dispatch(outcome.sendTask);
  return {
    userId: outcome.user.id,
    onboardedAt: outcome.user.onboardedAt?.toISOString() ?? null,
    welcomeEmailId: outcome.welcomeEmailId,
  };
};
