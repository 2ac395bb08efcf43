import type { Actor } from "../roles.ts";
import type { Refusal } from "./define.ts";

/** Account tasks are about oneself: the payload's `userId` must be the caller's. */
export const ownAccountOnly =
  (type: string) =>
  (actor: Actor, payload: { readonly userId: string }): Refusal | null =>
    payload.userId === actor.userId
      ? null
      : { message: `${type} tasks can only be submitted for your own account`, field: "data.userId" };
