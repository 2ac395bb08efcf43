import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Pager } from "../../components/pager.tsx";
import { Empty, QueryState } from "../../components/states.tsx";
import { useDisplay, useFormat } from "../../format.ts";
import { useHashQuery } from "../../hash-query.ts";
import { useTRPC } from "../../trpc.ts";
import { wallClock } from "./clock.ts";
import { DayList } from "./day-list.tsx";
import { QueueFilters } from "./filters.tsx";
import type { QueuePage, QueueQuery, QueueView } from "./query.ts";
import {
  cleared,
  dayListHref,
  exportUrl,
  isFiltered,
  printDayOf,
  queueHref,
  queueInput,
  queueQueryOf,
  VIEWS,
} from "./query.ts";
import { QueueTable } from "./queue-table.tsx";
import "../../staff.css";

const show = (query: QueueQuery) => window.location.assign(queueHref(query));

/** Today / Upcoming / Unconfirmed / All: links, so each view has its address. */
function ViewTabs({ query }: { readonly query: QueueQuery }) {
  return (
    <nav className="queue-tabs no-print" aria-label="Work queue views">
      <ul>
        {(Object.keys(VIEWS) as QueueView[]).map((view) => (
          <li key={view}>
            <a href={queueHref({ ...query, view, page: 1 })} aria-current={view === query.view ? "page" : undefined}>
              {VIEWS[view].label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** "Showing 51–75 of 500 appointments", and what to do with them: download or print. */
function ListTools({
  query,
  data,
  today,
}: {
  readonly query: QueueQuery;
  readonly data: QueuePage;
  readonly today: string;
}) {
  const format = useFormat();
  const first = (data.page - 1) * data.pageSize + 1;
  const last = first + data.appointments.length - 1;
  const day = query.from && query.from === query.to ? query.from : today;
  return (
    <div className="queue-tools">
      <p className="queue-count" aria-live="polite" data-testid="queue-count">
        Showing {format.number(first)}–{format.number(last)} of {format.number(data.total)}{" "}
        {data.total === 1 ? "appointment" : "appointments"}
      </p>
      <p className="actions no-print">
        <a href={exportUrl(query)} download>
          Download {data.total === 1 ? "it" : `all ${format.number(data.total)}`} as a spreadsheet (CSV)
        </a>
        <a href={dayListHref(query, day)}>
          {day === today ? "Print today's list" : `Print the list of ${format.date(day)}`}
        </a>
      </p>
    </div>
  );
}

function NothingHere({ query }: { readonly query: QueueQuery }) {
  if (isFiltered(query)) {
    return (
      <Empty>
        No appointments match this search and these filters. <a href={queueHref(cleared(query))}>Clear them</a>
      </Empty>
    );
  }
  const none: Readonly<Record<QueueView, string>> = {
    today: "No appointments today.",
    upcoming: "No appointments ahead.",
    unconfirmed: "Every upcoming appointment is confirmed.",
    all: "No appointments yet.",
  };
  return <Empty>{none[query.view]}</Empty>;
}

/** The page asked for lies past the end (an old link, a list that shrank): say so, and link to the last. */
function PastTheEnd({ query, pageCount }: { readonly query: QueueQuery; readonly pageCount: number }) {
  const format = useFormat();
  return (
    <Empty>
      There is no page {format.number(query.page)}: this list has {format.number(pageCount)}{" "}
      {pageCount === 1 ? "page" : "pages"}. <a href={queueHref({ ...query, page: pageCount })}>Go to the last page</a>
    </Empty>
  );
}

/**
 * The healthcare staff's work queue (their home): Today / Upcoming / Unconfirmed / All, searched,
 * filtered, sorted and paged by the server, everything in the address; a row opens to the
 * patient's details and history; Confirm / Mark as attended / Cancel behind a confirmation, with a
 * result message; the filtered list as CSV, and a printable day list.
 */
export function WorkQueue() {
  const trpc = useTRPC();
  const { timeZone } = useDisplay();
  const params = useHashQuery();
  const query = queueQueryOf(params);
  const printDay = printDayOf(params.get("print"));
  const list = useQuery({
    ...trpc.appointments.queue.queryOptions(queueInput(query)),
    placeholderData: keepPreviousData,
    enabled: printDay === null,
    // Others work the same queue: their changes show within a minute.
    refetchInterval: 60_000,
  });
  // A move's result, for the list it was made in: another view or search starts without it.
  const [outcome, setOutcome] = useState<{
    readonly message: string;
    readonly at: number;
    readonly where: string;
  } | null>(null);
  const where = queueHref(query);
  const shownOutcome = outcome?.where === where ? outcome : null;
  const message = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (outcome) message.current?.focus();
  }, [outcome]);
  const today = wallClock(timeZone).date;

  if (printDay) {
    return <DayList day={printDay} query={query} onDay={(day) => window.location.assign(dayListHref(query, day))} />;
  }
  return (
    <section aria-labelledby="work-queue-title" className="work-queue">
      <h2 id="work-queue-title">Work queue</h2>
      <p className="muted no-print">
        Appointments at every hospital. Details shows a patient's phone, symptoms and history.
      </p>
      <ViewTabs query={query} />
      <QueueFilters query={query} onChange={show} />
      {shownOutcome ? (
        <p
          key={shownOutcome.at}
          ref={message}
          className="success"
          role="status"
          tabIndex={-1}
          data-testid="queue-outcome"
        >
          {shownOutcome.message}
        </p>
      ) : null}
      <div className="card queue-card" aria-busy={list.isFetching}>
        <QueryState query={list} what="appointments">
          {(data) =>
            data.total === 0 ? (
              <NothingHere query={query} />
            ) : data.appointments.length === 0 ? (
              <PastTheEnd query={query} pageCount={data.pageCount} />
            ) : (
              <>
                <ListTools query={query} data={data} today={today} />
                <QueueTable
                  query={query}
                  appointments={data.appointments}
                  onChange={show}
                  onDone={(text) => setOutcome({ message: text, at: Date.now(), where })}
                />
                <Pager
                  numbers
                  page={data.page}
                  pageCount={data.pageCount}
                  label="Pages of the work queue"
                  hrefOf={(page) => queueHref({ ...query, page })}
                />
              </>
            )
          }
        </QueryState>
      </div>
    </section>
  );
}
