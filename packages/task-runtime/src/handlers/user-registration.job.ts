import { users } from "@govconnect/db";
import { writeEmailConfirmation } from "@govconnect/domain";
import { writeOutboxEmail } from "@govconnect/jobs";
import { UnrecoverableError } from "bullmq";
import { eq, sql } from "drizzle-orm";
import type { TaskProcessor } from "./context.ts";

/**
 * Finishes onboarding: marks the account onboarded (the first time counts) and, in the same
 * transaction, writes the welcome email and the link that confirms the sign-up address, with the
 * tasks that send them. Both go to the address given at sign-up, on purpose: it is not confirmed
 * yet. A re-run writes neither again: they are keyed by the user id.
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
      toAccount: false,
      props: { confirmationSent: !user.emailVerifiedAt },
      userId: user.id,
    });
    const confirmation = user.emailVerifiedAt
      ? undefined
      : await writeEmailConfirmation(tx, user, user.email, "sign_up", `email-confirmation/sign-up/${user.id}`);
    return { user, welcomeEmailId: welcome?.emailId ?? null, sendTasks: [welcome?.sendTask, confirmation] };
  });
  for (const task of outcome.sendTasks) if (task) await dispatch(task);
  return {
    userId: outcome.user.id,
    onboardedAt: outcome.user.onboardedAt?.toISOString() ?? null,
    welcomeEmailId: outcome.welcomeEmailId,
  };
};
