import { describeDevice } from "@govconnect/contracts";
import type { RouterOutputs } from "@govconnect/router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "../../components/badge.tsx";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { QueryState } from "../../components/states.tsx";
import { useFormat } from "../../format.ts";
import { useTRPC } from "../../trpc.ts";

type Session = RouterOutputs["auth"]["sessions"][number];

/** The devices signed in to the account, and signing them out (each after a confirmation). */
export function Sessions() {
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const [ending, setEnding] = useState<Session | "others" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const settled = {
    onSuccess: (result: { message: string }) => {
      setEnding(null);
      setDone(result.message);
    },
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.auth.securityEvents.pathKey() });
    },
  };
  const endOne = useMutation(trpc.auth.endSession.mutationOptions(settled));
  const endOthers = useMutation(trpc.auth.endOtherSessions.mutationOptions(settled));
  const ask = (what: Session | "others") => {
    endOne.reset();
    endOthers.reset();
    setDone(null);
    setEnding(what);
  };
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h3 id="sessions-title">Where you are signed in</h3>
      {done ? (
        <p className="success" role="status">
          {done}.
        </p>
      ) : null}
      <QueryState query={sessions} what="your devices">
        {(data) => {
          const others = data.filter((session) => !session.current).length;
          return (
            <>
              <DataTable
                caption="Devices signed in to your account, most recently used first"
                rows={data}
                rowKey={(session) => session.id}
                rowTestId={(session) => (session.current ? "session-current" : `session-${session.id}`)}
                columns={[
                  {
                    header: "Device",
                    cell: (session) => (
                      <span>
                        {describeDevice(session.userAgent)}
                        {session.current ? (
                          <>
                            {" "}
                            <Badge value="This device" tone="ok" />
                          </>
                        ) : null}
                      </span>
                    ),
                  },
                  { header: "IP address", cell: (session) => session.ip ?? "Unknown" },
                  { header: "Signed in", cell: (session) => format.dateTime(session.createdAt) },
                  { header: "Last used", cell: (session) => format.dateTime(session.lastUsedAt) },
                  {
                    header: "Action",
                    cell: (session) =>
                      session.current ? (
                        <span className="muted">In use now</span>
                      ) : (
                        <button
                          type="button"
                          className="danger"
                          onClick={() => ask(session)}
                          aria-label={`Sign out ${describeDevice(session.userAgent)}, last used ${format.dateTime(session.lastUsedAt)}`}
                        >
                          Sign out
                        </button>
                      ),
                  },
                ]}
              />
              {others > 0 ? (
                <p>
                  <button type="button" className="danger" onClick={() => ask("others")}>
                    Sign out everywhere else
                  </button>
                </p>
              ) : (
                <p className="muted">You are signed in on this device only.</p>
              )}
            </>
          );
        }}
      </QueryState>
      {ending === "others" ? (
        <ConfirmDialog
          title="Sign out everywhere else?"
          confirmLabel="Sign out everywhere else"
          danger
          pending={endOthers.isPending}
          error={endOthers.error}
          onConfirm={() => endOthers.mutate()}
          onCancel={() => setEnding(null)}
        >
          <p>Every other device signed in to your account will be signed out. This device stays signed in.</p>
        </ConfirmDialog>
      ) : ending ? (
        <ConfirmDialog
          title="Sign out this device?"
          confirmLabel="Sign out"
          danger
          pending={endOne.isPending}
          error={endOne.error}
          onConfirm={() => endOne.mutate({ id: ending.id })}
          onCancel={() => setEnding(null)}
        >
          <p>
            {describeDevice(ending.userAgent)}
            {ending.ip ? ` at ${ending.ip}` : ""}, last used {format.dateTime(ending.lastUsedAt)}, will be signed out.
            Whoever uses it will have to sign in again.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
