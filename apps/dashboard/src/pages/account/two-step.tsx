import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { Badge } from "../../components/badge.tsx";
import { CodeField, useCodeEntry } from "../../components/code-field.tsx";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { QueryState } from "../../components/states.tsx";
import { useFormat } from "../../format.ts";
import { useTRPC } from "../../trpc.ts";
import { RecoveryCodes } from "../two-step/recovery-codes.tsx";

/** Fewer recovery codes left than this: time to make new ones. */
const FEW_CODES = 3;

type Change = "codes" | "off";

/**
 * My account → Two-step verification: whether it is on, how many recovery codes are left; turning
 * it on (the set-up page), new recovery codes and, where the role allows, turning it off — each
 * of those two after a current code, in a confirmation.
 */
export function TwoStepCard() {
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.secondFactor.status.queryOptions());
  const [asking, setAsking] = useState<Change | null>(null);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const changed = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.secondFactor.status.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.auth.securityEvents.pathKey() });
  };
  const ask = (change: Change) => {
    setDone(null);
    setAsking(change);
  };
  return (
    <section className="card" aria-labelledby="two-step-card-title">
      <h3 id="two-step-card-title">Two-step verification</h3>
      {done ? (
        <p className="success" role="status">
          {done}.
        </p>
      ) : null}
      {newCodes ? (
        <RecoveryCodes
          codes={newCodes}
          headingLevel={3}
          intro="New recovery codes made: the old ones no longer work."
          onDone={() => setNewCodes(null)}
        />
      ) : (
        <QueryState query={status} what="your two-step verification">
          {(data) =>
            data.enrolled ? (
              <>
                <dl className="facts">
                  <dt>Status</dt>
                  <dd>
                    <Badge value="On" tone="ok" />
                    {data.enrolledAt ? ` since ${format.date(data.enrolledAt)}` : null}
                  </dd>
                  <dt>Recovery codes left</dt>
                  <dd>
                    {data.recoveryCodesLeft} of 10
                    {data.recoveryCodesLeft <= FEW_CODES ? (
                      <>
                        {" "}
                        <Badge value="Make new ones soon" tone="warn" />
                      </>
                    ) : null}
                  </dd>
                </dl>
                <p className="muted">
                  Signing in asks for a code from your authenticator app. A recovery code works instead, once each, if
                  you lose your phone.
                </p>
                {data.required ? (
                  <p className="muted">
                    Your role needs two-step verification, so it stays on. If you lose your phone and your recovery
                    codes, an administrator can reset it.
                  </p>
                ) : null}
                <div className="actions">
                  <button type="button" className="secondary" onClick={() => ask("codes")}>
                    Make new recovery codes
                  </button>
                  {data.required ? null : (
                    <button type="button" className="danger" onClick={() => ask("off")}>
                      Turn off
                    </button>
                  )}
                </div>
              </>
            ) : (
              <>
                <dl className="facts">
                  <dt>Status</dt>
                  <dd>
                    <Badge value="Off" tone="off" />
                  </dd>
                </dl>
                <p>
                  Signing in asks only for your password. With two-step verification it also asks for a code from an app
                  on your phone, so a stolen password alone is not enough.
                </p>
                <p>
                  <a href="#/two-step-setup">Turn on two-step verification</a>
                </p>
              </>
            )
          }
        </QueryState>
      )}
      {asking ? (
        <CodeConfirm
          change={asking}
          onCancel={() => setAsking(null)}
          onDone={(result) => {
            setAsking(null);
            void changed();
            if (result.codes) setNewCodes(result.codes);
            else setDone(result.message);
          }}
        />
      ) : null}
    </section>
  );
}

const DIALOGS = {
  codes: {
    title: "Make new recovery codes?",
    confirmLabel: "Make new recovery codes",
    body: "You get ten new recovery codes, and the ones you have now stop working.",
  },
  off: {
    title: "Turn off two-step verification?",
    confirmLabel: "Turn off",
    body: "Signing in will ask only for your password, and your recovery codes stop working.",
  },
} as const;

/** The confirmation of a change to two-step verification, with a current code to prove it is you. */
function CodeConfirm({
  change,
  onCancel,
  onDone,
}: {
  readonly change: Change;
  readonly onCancel: () => void;
  readonly onDone: (result: { message: string; codes?: string[] }) => void;
}) {
  const trpc = useTRPC();
  const regenerate = useMutation(trpc.secondFactor.regenerateRecoveryCodes.mutationOptions());
  const remove = useMutation(trpc.secondFactor.remove.mutationOptions());
  const mutation = change === "codes" ? regenerate : remove;
  const entry = useCodeEntry(mutation.error, true, `two-step-${change}`);
  const dialog = DIALOGS[change];
  const confirm = () => {
    const typed = entry.take();
    if (typed === null) return;
    if (change === "codes") {
      regenerate.mutate(
        { code: typed },
        { onSuccess: (answer) => onDone({ message: answer.message, codes: answer.recoveryCodes }) },
      );
    } else {
      remove.mutate({ code: typed }, { onSuccess: (answer) => onDone({ message: answer.message }) });
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm();
  };
  return (
    <ConfirmDialog
      title={dialog.title}
      confirmLabel={dialog.confirmLabel}
      danger={change === "off"}
      pending={mutation.isPending}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <p>{dialog.body}</p>
      <p>To make sure it is you, enter a code from your authenticator app.</p>
      <form onSubmit={submit} noValidate>
        {entry.summary}
        <CodeField {...entry.field} recovery />
      </form>
    </ConfirmDialog>
  );
}
