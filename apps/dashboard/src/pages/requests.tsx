import type { TaskType } from "@govconnect/contracts";
import type { RouterOutputs } from "@govconnect/router";
import { ShowMore } from "../components/show-more.tsx";
import { QueryState } from "../components/states.tsx";
import type { Format } from "../format.ts";
import { useFormat } from "../format.ts";
import { plainOr } from "../messages.ts";
import { href } from "../route.ts";
import { useTaskPages } from "../use-task-pages.ts";

type Request = RouterOutputs["tasks"]["list"]["items"][number];

/**
 * The requests a person makes, by what they are to them. Sign-in records, emails and password
 * reset links are the system's own bookkeeping: not requests anyone tracks.
 */
const REQUEST_NAMES: Partial<Record<TaskType, string>> = {
  appointment_booking: "Appointment booking",
  user_registration: "Setting up your account",
  alert_processing: "Alert report",
  collect_metrics: "Sector figures",
};
const REQUEST_TYPES = Object.keys(REQUEST_NAMES) as TaskType[];

const PAGE_SIZE = 10;

const text = (data: unknown, key: string): string | null => {
  if (typeof data !== "object" || data === null) return null;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === "string" && value.trim() !== "" ? value : null;
};

/** What the request was about, from its details: "Cardiology, Wednesday 2 December 2026 at 10:30". */
function about(request: Request, format: Format): string | null {
  if (request.type !== "appointment_booking") return null;
  const department = text(request.data, "department");
  const date = text(request.data, "appointmentDate");
  const time = text(request.data, "appointmentTime");
  const when = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? format.weekdayDate(date) : null;
  const at = time && /^\d{2}:\d{2}$/.test(time) ? ` at ${format.time(time)}` : "";
  return [department, when ? `${when}${at}` : null].filter(Boolean).join(", ") || null;
}

interface Stage {
  readonly label: string;
  readonly at: string | null;
  readonly tone?: "done" | "failed";
}

/** GOV.UK's "track your application": the stages reached, in plain words, each with its date. */
function stages(request: Request): Stage[] {
  const list: Stage[] = [{ label: "Received", at: request.createdAt }];
  if (request.status === "queued" && request.runAt && new Date(request.runAt) > new Date()) {
    list.push({ label: "Waiting until its planned time", at: request.runAt });
  }
  if (request.startedAt || request.status === "processing")
    list.push({ label: "Being processed", at: request.startedAt });
  if (request.status === "processed") list.push({ label: "Done", at: request.finishedAt, tone: "done" });
  if (request.status === "failed") {
    const reason = plainOr(request.error, "something went wrong on our side");
    list.push({ label: `Could not be done: ${reason}`, at: request.finishedAt, tone: "failed" });
  }
  if (request.status === "cancelled")
    list.push({ label: "Withdrawn: it was no longer needed", at: request.finishedAt });
  return list;
}

function RequestItem({ request }: { readonly request: Request }) {
  const format = useFormat();
  const name = REQUEST_NAMES[request.type as TaskType] ?? "Request";
  const detail = about(request, format);
  const steps = stages(request);
  return (
    <li className="request" data-testid="request">
      <h3>{name}</h3>
      {detail ? <p className="muted">{detail}</p> : null}
      <ol className="stages" aria-label={`Progress of: ${name}`}>
        {steps.map((step, index) => (
          <li
            key={step.label}
            className={`${step.tone ?? ""}${index === steps.length - 1 ? " current" : ""}`.trim() || undefined}
            aria-current={index === steps.length - 1 ? "step" : undefined}
          >
            <span className="stage-label">{step.label}</span>
            {step.at ? (
              <time className="muted" dateTime={step.at}>
                {format.dateTime(step.at)}
              </time>
            ) : null}
          </li>
        ))}
      </ol>
    </li>
  );
}

/**
 * "Track my requests": the person's own requests, newest first, as a plain timeline of stages
 * with dates, ten at a time ("Show more"). While one is still moving, the page looks again every
 * few seconds, so "Being processed" turns into "Done" without a reload.
 */
export function Requests() {
  const format = useFormat();
  const list = useTaskPages({ types: REQUEST_TYPES, limit: PAGE_SIZE }, (busy) => (busy ? 5_000 : false));
  return (
    <section aria-labelledby="requests-title">
      <h2 id="requests-title">Track my requests</h2>
      <p className="muted">What you have asked GovConnect to do, newest first, and how far each has got.</p>
      <div className="card">
        <QueryState query={list} what="your requests">
          {(data) => {
            const items = data.pages.flatMap((page) => page.items);
            if (items.length === 0) {
              return (
                <p className="empty">
                  You have no requests yet. When you <a href={href("book")}>book an appointment</a>, it shows here.
                </p>
              );
            }
            return (
              <>
                <ul className="request-list">
                  {items.map((request) => (
                    <RequestItem key={request.id} request={request} />
                  ))}
                </ul>
                <p className="muted" aria-live="polite">
                  Showing {format.number(items.length)} {items.length === 1 ? "request" : "requests"}
                  {list.hasNextPage ? "" : ": that is all of them"}.
                </p>
                <ShowMore list={list} label="Show more requests" />
              </>
            );
          }}
        </QueryState>
      </div>
    </section>
  );
}
