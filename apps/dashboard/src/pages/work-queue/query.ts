import { APPOINTMENT_STATUSES } from "@govconnect/contracts";
import type { RouterInputs, RouterOutputs } from "@govconnect/router";
import { href } from "../../route.ts";

export type QueueInput = Extract<RouterInputs["appointments"]["queue"], object>;
export type QueueView = NonNullable<QueueInput["view"]>;
export type QueueSort = NonNullable<QueueInput["sort"]>;
export type QueuePage = RouterOutputs["appointments"]["queue"];
export type QueueAppointment = QueuePage["appointments"][number];
export type Status = QueueAppointment["status"];

/** The tabs, in order: which appointments, before any filter. */
export const VIEWS: Readonly<Record<QueueView, { readonly label: string; readonly heading: string }>> = {
  today: { label: "Today", heading: "Today's appointments" },
  upcoming: { label: "Upcoming", heading: "Upcoming appointments" },
  unconfirmed: { label: "Unconfirmed", heading: "Upcoming appointments not yet confirmed" },
  all: { label: "All", heading: "All appointments" },
};

/** Each order in words (the table's caption says which one is in force). */
export const SORTS: Readonly<Record<QueueSort, string>> = {
  time: "earliest first",
  "-time": "latest first",
  patient: "by patient name, A to Z",
  "-patient": "by patient name, Z to A",
  status: "by status",
  "-status": "by status, in reverse",
};

export const PAGE_SIZE = 25;
const DEFAULT_VIEW: QueueView = "upcoming";
const DEFAULT_SORT: QueueSort = "time";

/** What the work queue shows: its view, search, filters, order and page, all kept in the address. */
export interface QueueQuery {
  readonly view: QueueView;
  readonly q: string;
  readonly status: Status | "";
  readonly hospitalId: string;
  readonly department: string;
  readonly from: string;
  readonly to: string;
  readonly sort: QueueSort;
  readonly page: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const oneOf = <T extends string>(choices: Readonly<Record<T, unknown>>, value: string | null, fallback: T): T =>
  value !== null && Object.hasOwn(choices, value) ? (value as T) : fallback;
const statusOf = (value: string | null): Status | "" =>
  (APPOINTMENT_STATUSES as readonly string[]).includes(value ?? "") ? (value as Status) : "";
const dayOf = (value: string | null) => (value && DAY.test(value) ? value : "");

/**
 * The work queue's query as the address has it (`#/work-queue?view=today&q=…&page=3&sort=-time`).
 * Anything the address holds that the queue cannot use (a typo, an old link) is read as the default.
 */
export function queueQueryOf(params: URLSearchParams): QueueQuery {
  const get = (name: string) => params.get(name);
  const [view, q, status, hospitalId, department, from, to, sort] = [
    get("view"),
    get("q"),
    get("status"),
    get("hospitalId"),
    get("department"),
    get("from"),
    get("to"),
    get("sort"),
  ] as const;
  const page = Number(params.get("page"));
  return {
    view: oneOf(VIEWS, view, DEFAULT_VIEW),
    q: (q ?? "").trim().slice(0, 120),
    status: statusOf(status),
    hospitalId: hospitalId && ID.test(hospitalId) ? hospitalId : "",
    department: (department ?? "").trim().slice(0, 80),
    from: dayOf(from),
    to: dayOf(to),
    sort: oneOf(SORTS, sort, DEFAULT_SORT),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The filter's parameters, by the API's names, without those left at their defaults. */
function filterParams(query: QueueQuery): Record<string, string> {
  const params: Record<string, string> = {};
  if (query.view !== DEFAULT_VIEW) params.view = query.view;
  if (query.q) params.q = query.q;
  if (query.status) params.status = query.status;
  if (query.hospitalId) params.hospitalId = query.hospitalId;
  if (query.department) params.department = query.department;
  if (query.from) params.from = query.from;
  if (query.to) params.to = query.to;
  if (query.sort !== DEFAULT_SORT) params.sort = query.sort;
  return params;
}

/** The address of the queue with this query: what every tab, filter, header and page link goes to. */
export function queueHref(query: QueueQuery): string {
  return href("work-queue", { ...filterParams(query), ...(query.page > 1 ? { page: String(query.page) } : {}) });
}

/** The address of the printable list of one day, for the hospital and department chosen. */
export function dayListHref(query: QueueQuery, day: string): string {
  return href("work-queue", { ...filterParams(query), print: day });
}

/** The day an address' `print` names, or null when it names none. */
export const printDayOf = (value: string | null): string | null => (value && DAY.test(value) ? value : null);

/** A change to the query: any change but the page's own starts again at page 1. */
export const changed = (query: QueueQuery, change: Partial<QueueQuery>): QueueQuery => ({
  ...query,
  page: 1,
  ...change,
});

/** The `appointments.queue` input of a query. */
export function queueInput(query: QueueQuery): QueueInput {
  return {
    view: query.view,
    sort: query.sort,
    page: query.page,
    pageSize: PAGE_SIZE,
    ...(query.q ? { q: query.q } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.hospitalId ? { hospitalId: query.hospitalId } : {}),
    ...(query.department ? { department: query.department } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
}

/** Where the CSV of the filtered list downloads from (the same filters, every page; the session cookie rides along). */
export function exportUrl(query: QueueQuery): string {
  const params = new URLSearchParams({ view: query.view, sort: query.sort, ...filterParams(query) });
  return `/api/appointments/export?${params.toString()}`;
}

/** True when any search or filter narrows the view. */
export const isFiltered = (query: QueueQuery) =>
  Boolean(query.q || query.status || query.hospitalId || query.department || query.from || query.to);

/** The same view and order with no search or filter. */
export const cleared = (query: QueueQuery): QueueQuery => ({
  ...query,
  q: "",
  status: "",
  hospitalId: "",
  department: "",
  from: "",
  to: "",
  page: 1,
});
