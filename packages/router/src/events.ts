import type { NewTask, TaskProducer } from "@govconnect/jobs";
import { PRIORITY } from "@govconnect/jobs";
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

/** What the account procedures announce; the API turns each into a background task. */
export interface AccountEvents {
  registered(user: AccountEventUser, client: ClientInfo): Promise<void>;
  loggedIn(user: AccountEventUser, client: ClientInfo): Promise<void>;
}

/**
 * Account events as tasks: `user_registration` (onboarding) and `user_login` (the sign-in record).
 * A failure here is logged and never fails the sign-up or sign-in it follows.
 */
export function taskAccountEvents(producer: TaskProducer, logger: Logger): AccountEvents {
  const submit = async (task: NewTask) => {
    try {
      await producer.submit(task);
    } catch (error) {
      logger.error({ err: error, type: task.type, ownerId: task.ownerId }, "could not record the account task");
    }
  };
  return {
    registered: (user) =>
      submit({ type: "user_registration", payload: { userId: user.id }, priority: PRIORITY.default, ownerId: user.id }),
    loggedIn: (user, client) =>
      submit({
        type: "user_login",
        payload: {
          userId: user.id,
          ip: client.ip,
          ...(client.userAgent ? { userAgent: client.userAgent.slice(0, 512) } : {}),
          at: new Date().toISOString(),
        },
        priority: PRIORITY.default,
        ownerId: user.id,
      }),
  };
}
