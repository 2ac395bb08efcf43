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

/**
 * What the account procedures announce. The task-queue issue implements this with the job
 * producer (`user_registration` with the welcome email, `user_login` tracking); until then the
 * API logs them.
 */
export interface AccountEvents {
  registered(user: AccountEventUser, client: ClientInfo): Promise<void>;
  loggedIn(user: AccountEventUser, client: ClientInfo): Promise<void>;
}

export function loggingAccountEvents(logger: Logger): AccountEvents {
  return {
    async registered(user, client) {
      logger.info({ event: "user_registration", userId: user.id, ip: client.ip }, "user registered");
    },
    async loggedIn(user, client) {
      logger.info({ event: "user_login", userId: user.id, ip: client.ip }, "user signed in");
    },
  };
}
