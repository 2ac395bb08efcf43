import { ROLE_LABELS } from "@govconnect/contracts";
import type { RouterOutputs } from "@govconnect/router";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { NewAccountFields } from "../components/account-field.tsx";
import { useFormProblems } from "../components/error-summary.tsx";
import { LinkRefused, NoToken } from "../components/link-refused.tsx";
import { Failed, Loading } from "../components/states.tsx";
import { useFormat } from "../format.ts";
import { homeOf } from "../navigation.ts";
import { go, useLinkToken } from "../route.ts";
import { useSession } from "../session.tsx";
import { useTRPC } from "../trpc.ts";
import { newAccountProblems } from "./register.tsx";

type Invitation = RouterOutputs["auth"]["invitation"];

const ASK_AGAIN = <p>Ask the person who invited you to send a new invitation.</p>;

function AcceptForm({ token, invitation }: { readonly token: string; readonly invitation: Invitation }) {
  const trpc = useTRPC();
  const format = useFormat();
  const session = useSession();
  const [form, setForm] = useState({ username: "", password: "" });
  const accept = useMutation(trpc.auth.acceptInvitation.mutationOptions());
  const login = useMutation(trpc.auth.login.mutationOptions());
  const problems = useFormProblems("accept", accept.error);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => {
    problems.edited(key);
    setForm((current) => ({ ...current, [key]: event.target.value }));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!problems.check(newAccountProblems(form))) return;
    await accept.mutateAsync({ token, ...form });
    await login.mutateAsync(form);
    await session.signedIn();
    go(homeOf(invitation.role));
  };
  if (accept.isSuccess && login.isError) {
    // The account exists; only signing in to it failed (the invitation is spent, so no retry here).
    return (
      <>
        <p className="success" role="status">
          {accept.data.message}.
        </p>
        <Failed error={login.error} />
        <p>
          <a href="#/signin">Sign in</a>
        </p>
      </>
    );
  }
  return (
    <>
      <p>
        {invitation.invitedBy ? `${invitation.invitedBy} has invited you` : "You are invited"} to join GovConnect as{" "}
        <strong>{ROLE_LABELS[invitation.role]}</strong>.
      </p>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{invitation.fullName}</dd>
        <dt>Email</dt>
        <dd>{invitation.email}</dd>
        <dt>Invitation open until</dt>
        <dd>{format.dateTime(invitation.expiresAt)}</dd>
      </dl>
      {session.me ? (
        <p className="notice">
          You are signed in as {session.me.fullName}. Accepting signs you in to the new account instead.
        </p>
      ) : null}
      <p>
        Choose the username and password you will sign in with. Nobody else ever sees your password, not even an
        administrator.
      </p>
      <form onSubmit={(event) => void submit(event).catch(() => undefined)} noValidate>
        {problems.summary}
        <NewAccountFields
          form={form}
          set={set}
          errors={{ username: problems.of("username"), password: problems.of("password") }}
          ids={problems.id}
        />
        <button type="submit" disabled={accept.isPending || login.isPending}>
          {accept.isPending || login.isPending ? "Creating your account…" : "Accept and create my account"}
        </button>
      </form>
    </>
  );
}

/** The page an invitation email links to: who invited you, as what; then your username and password. */
export function AcceptInvitation() {
  const trpc = useTRPC();
  const token = useLinkToken();
  const invitation = useQuery({
    ...trpc.auth.invitation.queryOptions({ token: token ?? "" }),
    enabled: token !== null,
    // Each look at a link counts against the network's allowance of link tries: look once.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  return (
    <section className="card narrow" aria-labelledby="invitation-title">
      <h2 id="invitation-title">Accept your invitation</h2>
      {!token ? (
        <NoToken>{ASK_AGAIN}</NoToken>
      ) : invitation.isPending ? (
        <Loading what="your invitation" />
      ) : invitation.isError ? (
        <LinkRefused error={invitation.error}>{ASK_AGAIN}</LinkRefused>
      ) : (
        <AcceptForm token={token} invitation={invitation.data} />
      )}
    </section>
  );
}
