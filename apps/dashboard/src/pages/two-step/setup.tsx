import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useEffect, useRef, useState } from "react";
import { CodeField, useCodeEntry } from "../../components/code-field.tsx";
import { Failed, Loading, QueryState } from "../../components/states.tsx";
import { homeOf } from "../../navigation.ts";
import { go } from "../../route.ts";
import { useSession } from "../../session.tsx";
import { useTRPC } from "../../trpc.ts";
import { RecoveryCodes } from "./recovery-codes.tsx";

/** The setup key in groups of four, for reading it off the screen (the text itself has no spaces). */
function SetupKey({ secret }: { readonly secret: string }) {
  const groups = [...secret.matchAll(/.{1,4}/g)].map((match) => ({ at: match.index, text: match[0] }));
  return (
    <code className="setup-key" data-testid="totp-secret">
      {groups.map((group) => (
        <span key={group.at}>{group.text}</span>
      ))}
    </code>
  );
}

/**
 * Setting up two-step verification: the QR code (and the same secret as a setup key) for an
 * authenticator app, its first code to turn it on, then the ten recovery codes, shown once.
 * Staff without it see only this page (`forced`); anyone can open it from My account.
 */
export function TwoStepSetup({ forced }: { readonly forced: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useSession();
  const status = useQuery(trpc.secondFactor.status.queryOptions());
  const [codes, setCodes] = useState<string[] | null>(null);

  const done = async () => {
    // Away first: the session read next lets the whole app in, and this page's work is over.
    // Forced (first sign-in of staff): on to the role's home, as any sign-in goes.
    if (forced && session.me) go(homeOf(session.me.role));
    else go("account");
    await queryClient.invalidateQueries({ queryKey: trpc.secondFactor.status.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.auth.securityEvents.pathKey() });
    await session.refresh();
  };
  return (
    <section className="card narrow" aria-labelledby={codes ? undefined : "two-step-title"}>
      {codes ? (
        <RecoveryCodes
          codes={codes}
          intro="Two-step verification is on. From now on, signing in asks for a code from your authenticator app."
          onDone={() => void done()}
        />
      ) : (
        <>
          <h2 id="two-step-title">Set up two-step verification</h2>
          <QueryState query={status} what="your two-step verification">
            {(data) =>
              data.enrolled ? (
                <AlreadyOn forced={forced} />
              ) : (
                <Enrol required={data.required} forced={forced} onEnrolled={setCodes} />
              )
            }
          </QueryState>
        </>
      )}
    </section>
  );
}

function AlreadyOn({ forced }: { readonly forced: boolean }) {
  const session = useSession();
  if (forced) {
    // Turned on from another device since this one signed in: a new sign-in asks for the code.
    return (
      <>
        <p>Two-step verification is already on for your account, but this device signed in without a code.</p>
        <p>
          <button type="button" onClick={() => void session.signOut()}>
            Sign out and sign in again
          </button>
        </p>
      </>
    );
  }
  return (
    <>
      <p>Two-step verification is already on for your account.</p>
      <p>
        <a href="#/account">Back to My account</a>
      </p>
    </>
  );
}

function Enrol({
  required,
  forced,
  onEnrolled,
}: {
  readonly required: boolean;
  readonly forced: boolean;
  readonly onEnrolled: (codes: string[]) => void;
}) {
  const trpc = useTRPC();
  const begin = useMutation(trpc.secondFactor.begin.mutationOptions());
  const confirm = useMutation(trpc.secondFactor.confirm.mutationOptions());
  const entry = useCodeEntry(confirm.error, false, "two-step");
  // One new secret per visit (each `begin` replaces the one before, so never twice at once).
  const started = useRef(false);
  const { mutate: start } = begin;
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start();
  }, [start]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = entry.take();
    if (typed === null) return;
    confirm.mutate({ code: typed }, { onSuccess: (answer) => onEnrolled(answer.recoveryCodes) });
  };
  return (
    <>
      {required ? (
        <p className="notice">
          <strong>Your role needs two-step verification.</strong>{" "}
          {forced ? "Set it up now to go on: until then, GovConnect shows only this page." : null}
        </p>
      ) : null}
      <p>
        With two-step verification, signing in asks for your password and for a code from an app on your phone, so a
        stolen password alone is not enough.
      </p>
      <ol className="steps">
        <li>
          <p>
            On your phone, open an authenticator app (such as Google Authenticator, Microsoft Authenticator or FreeOTP).
            If you have none yet, install one from your phone's app store.
          </p>
        </li>
        <li>
          <p>In the app, add an account and scan this QR code.</p>
          {begin.isPending || begin.isIdle ? <Loading what="the QR code" /> : null}
          {begin.isError ? <Failed error={begin.error} retry={() => begin.mutate()} /> : null}
          {begin.data ? (
            <>
              <img
                className="qr-code"
                src={begin.data.qrCode}
                alt="QR code that adds GovConnect to your authenticator app"
                width={192}
                height={192}
              />
              <p>
                On the phone with the app now? <a href={begin.data.uri}>Add GovConnect to the authenticator app</a>{" "}
                instead of scanning.
              </p>
              <p>If you cannot scan it, choose to enter a key in the app instead, and type this one:</p>
              <dl className="facts">
                <dt>Setup key</dt>
                <dd>
                  <SetupKey secret={begin.data.secret} />
                </dd>
              </dl>
            </>
          ) : null}
        </li>
        <li>
          <p>Enter the 6-digit code the app now shows for GovConnect.</p>
          <form onSubmit={submit} noValidate>
            {entry.summary}
            <CodeField {...entry.field} />
            <button type="submit" disabled={confirm.isPending || !begin.data}>
              {confirm.isPending ? "Turning on…" : "Turn on"}
            </button>
          </form>
        </li>
      </ol>
    </>
  );
}
