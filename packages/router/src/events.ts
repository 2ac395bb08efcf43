import type { Executor, TaskProducer } from "@govconnect/jobs";
import { insertTask, PRIORITY } from "@govconnect/jobs";
import type { Logger } from "@govconnect/runtime";

export interface AccountEventUser {
  readonly id: string;
  readonly username: string;
  readonly email: string;
}

export interface ClientInfo {
  readonly ip: string;
  readonly userAgent: string | undefined;
}

/** Runs after the transaction that {@link AccountEvents.registered} wrote in has committed. */
export type AfterCommit = () => Promise<void>;

/** What the account procedures announce; the API turns each into a background task. */
export interface AccountEvents {
  /**
   * Called inside the sign-up's transaction: what it writes commits (or not) with the account,
   * so an accepted sign-up never loses its follow-up work. Returns what to do after the commit.
   */
  registered(tx: Executor, user: AccountEventUser): Promise<AfterCommit>;
  /** Called after a successful sign-in; its failure is logged and never fails the sign-in. */
  loggedIn(user: AccountEventUser, client: ClientInfo): Promise<void>;
}

/**
 * Account events as tasks: `user_registration` (onboarding) and `user_login` (the sign-in record).
 * A failure here is logged and never fails the sign-up or sign-in it follows.
 */
export function taskAccountEvents(producer: TaskProducer, logger: Logger): AccountEvents {
  return {
    async registered(tx, user) {
      const written = await insertTask(tx, {
        type: "user_registration",
        payload: { userId: user.id },
        priority: PRIORITY.default,
        ownerId: user.id,
      });
      return () => producer.dispatch(written);
    },
    loggedIn: (user, client) =>
      producer
        .submit({
          type: "user_login",
          payload: {
            userId: user.id,
            ip: client.ip,
            ...(client.userAgent ? { userAgent: client.userAgent.slice(0, 512) } : {}),
            at: new Date().toISOString(),
          },
          priority: PRIORITY.default,
          ownerId: user.id,
        })
        .then(
          () => undefined,
          (error: unknown) => logger.error({ err: error, userId: user.id }, "could not record the sign-in task"),
        ),
  };
}
