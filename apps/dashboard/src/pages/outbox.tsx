import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Empty, QueryState } from "../components/states.tsx";
import { useFormat } from "../format.ts";
import { useTRPC } from "../trpc.ts";

/** The development outbox: what GovConnect "sent" you, rendered as your mail client would. */
export function Outbox() {
  const trpc = useTRPC();
  const format = useFormat();
  const outbox = useQuery({ ...trpc.emails.outbox.queryOptions({ limit: 30 }), refetchInterval: 5_000 });
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <section aria-labelledby="outbox-title">
      <h2 id="outbox-title">Dev outbox</h2>
      <p className="muted">
        This installation does not send emails: it keeps them here instead, exactly as the recipients would get them.
      </p>
      <QueryState query={outbox} what="the outbox">
        {(data) => {
          if (data.emails.length === 0) return <Empty>Nothing has been sent to you yet.</Empty>;
          const open = data.emails.find((e) => e.id === openId) ?? data.emails[0];
          return (
            <div className="outbox">
              <ul className="outbox-list" aria-label="Emails">
                {data.emails.map((email) => (
                  <li key={email.id}>
                    <button
                      type="button"
                      className={`outbox-entry${email.id === open?.id ? " chosen" : ""}`}
                      aria-pressed={email.id === open?.id}
                      onClick={() => setOpenId(email.id)}
                    >
                      <strong>{email.subject}</strong>
                      <small>
                        to {email.recipient} · {format.dateTime(email.sentAt)}
                      </small>
                    </button>
                  </li>
                ))}
              </ul>
              {open ? (
                // sandbox="": the email's HTML can neither run scripts nor reach the dashboard. A new
                // frame per email (the key): changing a frame's document would add a step to the
                // page's history (Back would walk through emails) and re-lay out the old one.
                <iframe
                  key={open.id}
                  className="email-frame"
                  title={`Email: ${open.subject}`}
                  sandbox=""
                  srcDoc={open.html}
                />
              ) : null}
            </div>
          );
        }}
      </QueryState>
    </section>
  );
}
