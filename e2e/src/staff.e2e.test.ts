import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  DESKTOP,
  freshContext,
  holdTrpc,
  inDays,
  open,
  PHONE,
  pageFindings,
  refuseTrpc,
  registeredCitizen,
  screenshot,
  signIn,
} from "./pages.ts";
import type { RunningProduct } from "./product.ts";
import { START_TIMEOUT, startForSuite } from "./suite.ts";

const SLOW = 180_000;
const APPOINTMENTS = 500;
/**
 * A citizen holds at most 10 upcoming appointments (MAX_OPEN_BOOKINGS_PER_CITIZEN, security review
 * L6): 60 patients hold the 500 with room to spare for slots the seed took.
 */
const PATIENTS = 60;
/** The clinic's grid: 09:00 to 16:30, every 30 minutes. */
const CLINIC_TIMES = Array.from(
  { length: 16 },
  (_, i) => `${String(9 + Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`,
);
const FIRST = ["Anandi", "Kamala", "Asima", "Janaki", "Irawati", "Rajeshwari", "Bibha", "Anna", "Tessy", "Mangala"];
const LAST = [
  "Joshi",
  "Sohonie",
  "Chatterjee",
  "Ammal",
  "Karve",
  "Chowdhury",
  "Mani",
  "Thomas",
  "Kang",
  "Narlikar",
  "Iyer",
];

interface Hospital {
  readonly id: string;
  readonly name: string;
  readonly city: string;
  readonly departments: string[];
}
interface Booked {
  readonly id: string;
  readonly reference: string;
  readonly patientName: string;
  readonly patientPhone: string;
  readonly patientEmail: string;
  readonly hospitalId: string;
  readonly department: string;
  readonly appointmentDate: string;
  readonly appointmentTime: string;
  readonly symptoms: string | null;
  readonly doctorName: string | null;
  readonly status: string;
}
interface QueueAnswer {
  readonly appointments: Booked[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly pageCount: number;
}
type QueueInput = Record<string, string | number>;

/** A repeatable shuffle (a small LCG): the same bookings every run. */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  let seed = 42;
  for (let i = copy.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * `fetch` as a well-behaved client sends it: a 503 or 429 (the API briefly overloaded, as 50
 * bookings at once on a CI machine shared with three other products can make it) is tried again
 * after its Retry-After, a few times.
 */
async function politeFetch(url: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, init);
    if (![429, 503].includes(response.status) || attempt >= 6) return response;
    await response.body?.cancel();
    const wait = Number(response.headers.get("retry-after")) || 1;
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
}

async function json<T>(response: Response, expected: number): Promise<T> {
  if (response.status !== expected)
    throw new Error(`${response.url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * 500 appointments booked through the REST API by 60 registered citizens, spread over the next
 * weeks, every hospital and department and the clinic's times, in parallel batches.
 */
async function bookAppointments(url: string): Promise<{ hospitals: Hospital[]; booked: Booked[]; emails: string[] }> {
  const { hospitals } = await json<{ hospitals: Hospital[] }>(await fetch(`${url}/api/healthcare/hospitals`), 200);
  // A few at a time: each sign-up and sign-in hashes a password, and the API bounds how many wait
  // for that (past it, 503): a crowd of 60 at once is a flood.
  const people: Awaited<ReturnType<typeof registeredCitizen>>[] = [];
  const tokens: string[] = [];
  for (let first = 0; first < PATIENTS; first += 5) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(5, PATIENTS - first) }, (_, i) =>
        registeredCitizen(url, `Queue Patient ${first + i + 1}`),
      ),
    );
    people.push(...batch);
    tokens.push(
      ...(await Promise.all(
        batch.map(async (person) => {
          const response = await politeFetch(`${url}/api/auth/login`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ username: person.username, password: person.password }),
          });
          return (await json<{ token: string }>(response, 200)).token;
        }),
      )),
    );
  }
  const slots = shuffled(
    Array.from({ length: 28 }, (_, day) => inDays(day + 2)).flatMap((date) =>
      CLINIC_TIMES.flatMap((time) =>
        hospitals.flatMap((hospital) =>
          hospital.departments.map((department) => ({ date, time, hospital, department })),
        ),
      ),
    ),
  );
  const booked: Booked[] = [];
  let next = 0;
  while (booked.length < APPOINTMENTS) {
    const batch = slots.slice(next, next + 50).slice(0, APPOINTMENTS - booked.length);
    if (batch.length === 0) throw new Error("ran out of free slots");
    const answers = await Promise.all(
      batch.map(async (slot, index) => {
        const n = next + index;
        const response = await politeFetch(`${url}/api/appointments`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${tokens[n % PATIENTS]}` },
          body: JSON.stringify({
            patientName: `${FIRST[n % FIRST.length]} ${LAST[(n * 7) % LAST.length]}`,
            patientPhone: `+91 98765 ${String(10_000 + n).slice(-5)}`,
            hospitalId: slot.hospital.id,
            department: slot.department,
            appointmentDate: slot.date,
            appointmentTime: slot.time,
            ...(n % 3 === 0 ? { symptoms: `Chest pain for ${n % 9} days` } : {}),
            ...(n % 4 === 0 ? { doctorName: "Dr. Mary Somerville" } : {}),
          }),
        });
        // The seed's own appointments hold some slots already (or a retried booking went through).
        // Any other 409 (a patient at the cap on upcoming appointments) is this test's mistake.
        if (response.status === 409) {
          const { error } = (await response.json()) as { error: string };
          if (error === "This time slot is already booked") return null;
          throw new Error(`booking ${n} answered 409: ${error}`);
        }
        return (await json<{ appointment: Booked }>(response, 201)).appointment;
      }),
    );
    booked.push(...answers.filter((answer): answer is Booked => answer !== null));
    next += batch.length;
  }
  return { hospitals, booked, emails: people.map((person) => person.email) };
}

/** The inputs of the `appointments.queue` calls a (batched) tRPC request carries. */
function queueInputs(request: Request): QueueInput[] {
  const url = new URL(request.url());
  if (!url.pathname.startsWith("/trpc/")) return [];
  const paths = url.pathname.slice("/trpc/".length).split(",");
  const inputs = JSON.parse(url.searchParams.get("input") ?? "{}") as Record<string, QueueInput>;
  return paths.flatMap((path, index) =>
    path === "appointments.queue" ? [inputs[String(index)] ?? inputs[index] ?? {}] : [],
  );
}

/**
 * Waits for the page to ask the server for a queue page matching `wanted`, for the answer, and for
 * the page to show it (the list keeps the previous page on screen while the next one loads), and
 * returns that input.
 */
async function queueRequest(page: Page, wanted: (input: QueueInput) => boolean): Promise<QueueInput> {
  const request = await page.waitForRequest((candidate) => queueInputs(candidate).some(wanted));
  await request.response();
  await page.locator('.queue-card[aria-busy="false"]').waitFor();
  return queueInputs(request).find(wanted) ?? {};
}

/** A page of the queue asked for directly (the staff's cookie rides along). */
async function apiQueue(context: BrowserContext, url: string, input: QueueInput): Promise<QueueAnswer> {
  const response = await context.request.get(
    `${url}/trpc/appointments.queue?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(response.status()).toBe(200);
  return ((await response.json()) as { result: { data: QueueAnswer } }).result.data;
}

/** Every row a filter selects, all pages of it, in its order. */
async function apiQueueAll(context: BrowserContext, url: string, input: QueueInput): Promise<Booked[]> {
  const rows: Booked[] = [];
  for (let page = 1; ; page++) {
    const answer = await apiQueue(context, url, { ...input, page, pageSize: 100 });
    rows.push(...answer.appointments);
    if (page >= answer.pageCount) return rows;
  }
}

/** The references of the queue's rows on screen, in order. */
async function shownReferences(page: Page): Promise<string[]> {
  const ids = await page
    .locator('tbody tr[data-testid^="appointment-APT-"]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-testid") ?? ""));
  return ids.map((id) => id.replace(/^appointment-/, ""));
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += char;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

const SEVERITY_ORDER = ["Critical", "High", "Medium", "Low"];

describe("staff and admin pages: work queue, sector page, overview, alerts, email log — at 1280 and 375 px", () => {
  let product: RunningProduct;
  let browser: Browser;
  let hospitals: Hospital[] = [];
  let booked: Booked[] = [];
  let patientEmails: string[] = [];
  let staff: BrowserContext;
  let staffPage: Page;
  let admin: BrowserContext;
  let adminPage: Page;
  let agri: BrowserContext;
  let agriPage: Page;
  const findings: string[] = [];
  const check = async (page: Page, label: string) => {
    findings.push(...(await pageFindings(page, label)));
  };
  /** Checks and photographs the page at both widths, returning to the desktop. */
  const bothWidths = async (page: Page, name: string, ready: () => Promise<unknown>) => {
    for (const [width, size] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      await page.setViewportSize(size);
      await ready();
      await check(page, `${name} (${width})`);
      await screenshot(page, `staff-${name}-${width}`);
    }
    await page.setViewportSize(DESKTOP);
  };

  startForSuite({ demoPassword: DEMO_PASSWORD }, (started) => {
    ({ product, browser } = started);
  });
  beforeAll(async () => {
    ({ hospitals, booked, emails: patientEmails } = await bookAppointments(product.url));
    staff = await freshContext(browser, DESKTOP, { bypassCSP: true });
    staffPage = await signIn(staff, product.url, "demo_health", DEMO_PASSWORD);
  }, START_TIMEOUT);

  it("books 500 appointments through the REST API for the queue to work on", () => {
    expect(booked).toHaveLength(APPOINTMENTS);
    expect(new Set(booked.map((a) => a.appointmentDate)).size).toBeGreaterThan(20);
    expect(new Set(booked.map((a) => a.hospitalId)).size).toBe(hospitals.length);
  });

  it(
    "the work queue is healthcare staff's home; sorting, filtering and paging happen on the server",
    async () => {
      const page = staffPage;
      await page.getByRole("heading", { name: "Work queue", level: 2 }).waitFor();
      await page.getByText("Upcoming appointments, earliest first").waitFor();
      await bothWidths(page, "queue", () => page.getByTestId("queue-count").waitFor());

      const hospital = hospitals[0] as Hospital;
      const filtered = queueRequest(page, (input) => input.hospitalId === hospital.id);
      await page.getByLabel("Hospital").selectOption({ label: `${hospital.name}, ${hospital.city}` });
      expect(await filtered).toMatchObject({ view: "upcoming", sort: "time", page: 1, hospitalId: hospital.id });

      const sorted = queueRequest(page, (input) => input.sort === "patient");
      await page.getByRole("columnheader", { name: "Patient" }).getByRole("button").click();
      expect(await sorted).toMatchObject({ sort: "patient", hospitalId: hospital.id, page: 1 });
      await page.locator('th[aria-sort="ascending"]', { hasText: "Patient" }).waitFor();

      const third = queueRequest(page, (input) => input.page === 3);
      await page
        .getByRole("navigation", { name: "Pages of the work queue" })
        .getByRole("link", { name: "Page 3" })
        .click();
      const input = await third;
      expect(input).toMatchObject({
        view: "upcoming",
        sort: "patient",
        hospitalId: hospital.id,
        page: 3,
        pageSize: 25,
      });
      expect(page.url()).toContain("page=3");
      expect(page.url()).toContain("sort=patient");
      expect(page.url()).toContain(`hospitalId=${hospital.id}`);
      await page.getByRole("link", { name: "Page 3, current page" }).waitFor();

      // Page 3 is exactly rows 51–75 of the same query asked for directly.
      const all = await apiQueue(staff, product.url, {
        view: "upcoming",
        sort: "patient",
        hospitalId: hospital.id,
        page: 1,
        pageSize: 100,
      });
      expect(all.total).toBeGreaterThan(75);
      await page.getByTestId("queue-count").getByText(`Showing 51–75 of ${all.total}`).waitFor();
      const expected = all.appointments.slice(50, 75).map((a) => a.reference);
      expect(await shownReferences(page)).toEqual(expected);
      // The address holds it all: a reload shows the same page.
      await page.reload();
      await page.getByTestId("queue-count").getByText(`Showing 51–75 of ${all.total}`).waitFor();
      expect(await shownReferences(page)).toEqual(expected);

      // Reversing the order is the server's too.
      const reversed = queueRequest(page, (candidate) => candidate.sort === "-patient");
      await page.getByRole("columnheader", { name: "Patient" }).getByRole("button").click();
      expect(await reversed).toMatchObject({ sort: "-patient", page: 1 });
      await page.locator('th[aria-sort="descending"]', { hasText: "Patient" }).waitFor();

      // Department, status and dates are filters of the request, and of what is shown.
      const department = hospital.departments[0] as string;
      const from = inDays(5);
      const to = inDays(12);
      const narrowed = queueRequest(
        page,
        (candidate) => candidate.department === department && candidate.status === "scheduled" && candidate.to === to,
      );
      await page.getByLabel("Department").selectOption(department);
      await page.getByLabel("Status").selectOption({ label: "Booked" });
      await page.getByLabel("From date").fill(from);
      await page.getByLabel("To date").fill(to);
      expect(await narrowed).toMatchObject({ hospitalId: hospital.id, department, status: "scheduled", from, to });
      const inRange = await apiQueueAll(staff, product.url, {
        view: "upcoming",
        sort: "-patient",
        hospitalId: hospital.id,
        department,
        status: "scheduled",
        from,
        to,
      });
      expect(inRange.length).toBeGreaterThan(0);
      await page.getByTestId("queue-count").getByText(`of ${inRange.length}`).waitFor();
      expect(await shownReferences(page)).toEqual(inRange.slice(0, 25).map((a) => a.reference));
      for (const row of inRange) {
        expect(row.appointmentDate >= from && row.appointmentDate <= to).toBe(true);
        expect(row.department).toBe(department);
      }
    },
    SLOW,
  );

  it("searches by patient name or reference; a row opens to phone, email, symptoms, doctor and history", async () => {
    const page = staffPage;
    await open(page, product.url, "work-queue", "Work queue");
    const byName = queueRequest(page, (input) => input.q === "Sohonie");
    await page.getByLabel("Search by patient name or reference").fill("Sohonie");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await byName;
    await page.getByTestId("queue-count").waitFor();
    const names = await page.locator("tbody tr[data-testid] td[data-label='Patient'] span > span").allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toContain("Sohonie");

    const chosen = booked.find((a) => a.symptoms && a.doctorName) as Booked;
    await page.getByLabel("Search by patient name or reference").fill(chosen.reference);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByTestId("queue-count").getByText("Showing 1–1 of 1 appointment").waitFor();
    await page.getByRole("button", { name: `Details of ${chosen.reference}` }).click();
    const detail = page.getByRole("region", { name: `Details of ${chosen.reference}` });
    await detail.getByRole("link", { name: chosen.patientPhone }).waitFor();
    await detail.getByRole("link", { name: chosen.patientEmail }).waitFor();
    await detail.getByText(chosen.symptoms ?? "").waitFor();
    await detail.getByText("Dr. Mary Somerville").waitFor();
    await detail.getByText(/Booked by Queue Patient \d/).waitFor();
    expect(
      await page.getByRole("button", { name: `Hide details of ${chosen.reference}` }).getAttribute("aria-expanded"),
    ).toBe("true");
    await check(page, "queue row detail");
  });

  it("confirm and cancel ask first, then say what happened; attended is not offered before the time", async () => {
    const page = staffPage;
    const [first, second] = booked.filter((a) => a.status === "scheduled") as [Booked, Booked];
    await page.goto(`${product.url}/#/work-queue?view=unconfirmed&q=${first.reference}`);
    await page.getByRole("button", { name: `Confirm ${first.reference}` }).click();
    const confirm = page.getByRole("dialog", { name: "Confirm this appointment?" });
    await confirm.getByText(first.patientName).waitFor();
    await check(page, "confirm dialog");
    await confirm.getByRole("button", { name: "Yes, confirm it" }).click();
    await page
      .getByTestId("queue-outcome")
      .getByText(`${first.reference} (${first.patientName}) is confirmed.`)
      .waitFor();
    expect(await page.getByTestId("queue-outcome").evaluate((element) => element === document.activeElement)).toBe(
      true,
    );
    // Confirmed: it leaves the unconfirmed view; in "all" it is confirmed and may be cancelled, not yet attended.
    await page
      .getByText("Every upcoming appointment is confirmed.")
      .or(page.getByText("No appointments match"))
      .waitFor();
    await page.goto(`${product.url}/#/work-queue?view=all&q=${first.reference}`);
    const row = page.getByTestId(`appointment-${first.reference}`);
    await row.getByText("Confirmed").waitFor();
    await row.getByRole("button", { name: `Cancel ${first.reference}` }).waitFor();
    expect(await row.getByRole("button", { name: /Mark as attended/ }).count()).toBe(0);

    // Cancelling asks, with an optional reason; "No, keep it" changes nothing.
    await row.getByRole("button", { name: `Cancel ${first.reference}` }).click();
    await page
      .getByRole("dialog", { name: "Cancel this appointment?" })
      .getByRole("button", { name: "No, keep it" })
      .click();
    await row.getByText("Confirmed").waitFor();
    await row.getByRole("button", { name: `Cancel ${first.reference}` }).click();
    const cancel = page.getByRole("dialog", { name: "Cancel this appointment?" });
    await cancel.getByLabel("Reason (optional)").fill("The clinic is closed for a training day");
    await screenshot(page, "staff-cancel-dialog-desktop");
    await cancel.getByRole("button", { name: "Yes, cancel it" }).click();
    await page
      .getByTestId("queue-outcome")
      .getByText(`${first.reference} (${first.patientName}) is cancelled.`)
      .waitFor();
    await row.getByText("Cancelled").waitFor();
    await row.getByRole("button", { name: `Details of ${first.reference}` }).click();
    const history = page.getByRole("region", { name: `Details of ${first.reference}` });
    await history.getByText("Confirmed by Demo Healthcare Admin", { exact: false }).waitFor();
    await history.getByText("Reason: The clinic is closed for a training day").waitFor();
    const answer = await apiQueue(staff, product.url, { view: "all", q: first.reference, page: 1, pageSize: 5 });
    expect(answer.appointments[0]?.status).toBe("cancelled");

    // A refusal from the server is said inside the dialog, in words, and the dialog stays.
    await page.goto(`${product.url}/#/work-queue?view=all&q=${second.reference}`);
    await page.getByRole("button", { name: `Confirm ${second.reference}` }).click();
    const again = page.getByRole("dialog", { name: "Confirm this appointment?" });
    const lift = await refuseTrpc(page, "broken", { only: /appointments\.updateStatus/ });
    await again.getByRole("button", { name: "Yes, confirm it" }).click();
    await again.getByText("Something went wrong on our side. Try again in a moment.").waitFor();
    await check(page, "confirm dialog refused");
    await lift();
    await again.getByRole("button", { name: "Go back" }).click();
  });

  it("the CSV export holds exactly the filtered rows, in the same order", async () => {
    const page = staffPage;
    const hospital = hospitals[1] as Hospital;
    await page.goto(`${product.url}/#/work-queue?hospitalId=${hospital.id}&status=scheduled&sort=-time`);
    const rows = await apiQueueAll(staff, product.url, {
      view: "upcoming",
      sort: "-time",
      hospitalId: hospital.id,
      status: "scheduled",
    });
    expect(rows.length).toBeGreaterThan(25);
    const link = page.getByRole("link", { name: `Download all ${rows.length} as a spreadsheet (CSV)` });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^appointments-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = parseCsv(readFileSync(await download.path(), "utf8")).filter((line) =>
      line.some((field) => field !== ""),
    );
    expect(csv[0]).toEqual([
      "Reference",
      "Date",
      "Time",
      "Patient",
      "Phone",
      "Email",
      "Hospital",
      "Department",
      "Doctor",
      "Status",
      "Symptoms",
    ]);
    const lines = csv.slice(1);
    expect(lines.map((line) => line[0])).toEqual(rows.map((a) => a.reference));
    expect(lines.map((line) => [line[1], line[2], line[3], line[7]])).toEqual(
      rows.map((a) => [a.appointmentDate, a.appointmentTime, a.patientName, a.department]),
    );
  });

  it("prints a day's list: just the day's table", async () => {
    const page = staffPage;
    const day = booked[0]?.appointmentDate as string;
    await page.goto(`${product.url}/#/work-queue?view=all&from=${day}&to=${day}`);
    await page.getByRole("link", { name: /^Print the list of / }).click();
    await page.getByRole("heading", { name: /^Day list: / }).waitFor();
    const rows = await apiQueueAll(staff, product.url, { view: "all", sort: "time", from: day, to: day });
    await page.getByText(`${rows.length} appointments on`).waitFor();
    expect(await page.locator("tbody tr").count()).toBe(rows.length);
    await check(page, "day list");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".masthead").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Print this list" }).isVisible()).toBe(false);
    expect(await page.locator("table").isVisible()).toBe(true);
    await screenshot(page, "staff-day-list-print");
    await page.emulateMedia({ media: "screen" });
    await page.getByRole("link", { name: "Back to the work queue" }).waitFor();
  });

  it("at 375 px the rows stack one label and value per line, and the keyboard works", async () => {
    const page = staffPage;
    await page.setViewportSize(PHONE);
    await open(page, product.url, "work-queue", "Work queue");
    await page.getByTestId("queue-count").waitFor();
    const cell = page.locator("tbody tr[data-testid] td[data-label='Hospital']").first();
    // A block of its own (flow-root: it grows to hold a label that wraps), not a table cell.
    expect(await cell.evaluate((element) => getComputedStyle(element).display)).toBe("flow-root");
    expect(await page.locator("thead").first().isVisible()).toBe(false);
    expect(await cell.evaluate((element) => getComputedStyle(element, "::before").content)).toBe('"Hospital"');
    // Keyboard only: open a row's details with Enter.
    const details = page.getByRole("button", { name: /^Details of APT-/ }).first();
    await details.focus();
    await page.keyboard.press("Enter");
    await page
      .getByRole("button", { name: /^Hide details of APT-/ })
      .first()
      .waitFor();
    await check(page, "queue detail (phone)");
    await screenshot(page, "staff-queue-detail-phone");
    await page.setViewportSize(DESKTOP);
  });

  it("says so while loading, when nothing matches, and when the queue cannot be loaded", async () => {
    const page = staffPage;
    const release = await holdTrpc(page, /appointments\.queue/);
    await page.goto(`${product.url}/#/work-queue?view=all`);
    // A fresh load: within the page, the previous list stays on screen while the next one loads.
    await page.reload();
    await page.getByText("Loading appointments…").waitFor();
    await check(page, "queue loading");
    await release();
    await page.getByTestId("queue-count").waitFor();
    await page.goto(`${product.url}/#/work-queue?q=Nobody%20Bythisname`);
    await bothWidths(page, "queue-empty", () =>
      page.getByText("No appointments match this search and these filters.").waitFor(),
    );
    const lift = await refuseTrpc(page, "broken", { only: /appointments\.queue/ });
    await page.goto(`${product.url}/#/work-queue?view=today`);
    await page.reload();
    await bothWidths(page, "queue-error", () =>
      page.getByText("Something went wrong on our side. Try again in a moment.").waitFor(),
    );
    await lift();
    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByTestId("queue-count").or(page.getByText("No appointments today.")).waitFor();
  });

  it(
    "an agriculture admin records a figure in a labelled form, and it shows",
    async () => {
      agri = await freshContext(browser, DESKTOP, { bypassCSP: true });
      agriPage = await signIn(agri, product.url, "demo_agri", DEMO_PASSWORD);
      const page = agriPage;
      await page.getByRole("heading", { name: "Agriculture", level: 2 }).waitFor();
      await page.getByText("From 0 to 100 t/ha, up to 2 decimal places").waitFor();
      await bothWidths(page, "sector", () => page.locator(".chart-plot").first().waitFor());

      // Out of range: said in words, in an error summary that takes the focus, and at the field.
      await page.getByRole("spinbutton", { name: "Crop yield" }).fill("150");
      await page.getByRole("button", { name: "Record figures" }).click();
      const summary = page.locator(".error-summary");
      await summary.getByRole("link", { name: "Enter a crop yield from 0 to 100 t/ha" }).waitFor();
      expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
      await check(page, "sector form error");

      const submitted = page.waitForRequest((request) => request.url().includes("/trpc/tasks.submit"));
      await page.getByRole("spinbutton", { name: "Crop yield" }).fill("42.42");
      await page.getByRole("spinbutton", { name: "Water usage" }).fill("1234.5");
      await page.getByRole("button", { name: "Record figures" }).click();
      const body = JSON.parse((await submitted).postData() ?? "{}") as Record<string, unknown>;
      expect(body["0"] ?? body).toEqual({
        taskType: "collect_metrics",
        data: {
          sector: "agriculture",
          samples: [
            { metric: "cropYield", value: 42.42 },
            { metric: "waterUsage", value: 1234.5 },
          ],
        },
      });
      await page
        .getByTestId("metrics-result")
        .getByText(/^Recorded at .*: Crop yield 42\.42 t\/ha; Water usage 1,234\.5 ML\/day/)
        .waitFor({ timeout: 30_000 });
      await page.getByTestId("metric-agriculture-cropYield").getByText("42.42 t/ha").waitFor({ timeout: 15_000 });
      await screenshot(page, "staff-sector-recorded-desktop");

      // The range is the picker's, in the address, and the series asked for follows it.
      const series = page.waitForRequest(
        (request) => request.url().includes("dashboard.series") && request.url().includes("%22bucket%22%3A%22day%22"),
      );
      await page.getByRole("group", { name: "Show the last" }).getByRole("radio", { name: "30 days" }).check();
      await series;
      expect(page.url()).toContain("range=30d");

      const lift = await refuseTrpc(page, "broken", { only: /dashboard\.series/ });
      await page.reload();
      await page.getByText("Something went wrong on our side. Try again in a moment.").first().waitFor();
      await check(page, "sector charts error");
      await lift();
    },
    SLOW,
  );

  it(
    "the overview's figures have units, change, axes and tooltips; alert counts open the filtered list",
    async () => {
      admin = await freshContext(browser, DESKTOP, { bypassCSP: true });
      adminPage = await signIn(admin, product.url, "demo_admin", DEMO_PASSWORD);
      const page = adminPage;
      await page.getByRole("heading", { name: "Overview", level: 2 }).waitFor();
      await page.getByRole("group", { name: "Show the last" }).getByRole("radio", { name: "7 days" }).waitFor();
      const uptime = page.getByRole("article", { name: "Network uptime" });
      await uptime.getByTestId("metric-infrastructure-networkUptime").getByText(/%$/).waitFor();
      await uptime.getByText(/(Up|Down) [\d.]+% over 7 days|No change over 7 days/).waitFor();
      // The value axis is not the series' own min–max: a 99.x % uptime keeps a span of several points.
      const labels = (await uptime.locator(".chart-y span").allTextContents()).map(Number);
      const [top, , bottom] = labels as [number, number, number];
      expect(top).toBeLessThanOrEqual(100);
      expect(top - bottom).toBeGreaterThanOrEqual(5);
      await uptime.locator(".chart-x span").first().waitFor();
      // The tooltip follows the keyboard as well as the pointer, and the plot reads each figure out.
      const plot = uptime.getByRole("slider");
      await plot.focus();
      await uptime.locator(".chart-tip").waitFor();
      const latest = await plot.getAttribute("aria-valuetext");
      await page.keyboard.press("ArrowLeft");
      expect(await plot.getAttribute("aria-valuetext")).not.toBe(latest);
      expect(await plot.getAttribute("aria-valuetext")).toMatch(/%, /);
      await page.getByRole("article", { name: "Crop yield" }).locator(".chart-plot").hover();
      await page.getByRole("article", { name: "Crop yield" }).locator(".chart-tip").waitFor();
      await bothWidths(page, "overview", () => uptime.locator(".chart-plot").waitFor());

      const critical = page.getByRole("link", { name: /^Critical \d+ alerts$/ });
      await critical.click();
      await page.getByRole("heading", { name: "Alerts", level: 2 }).waitFor();
      expect(page.url()).toContain("severity=CRITICAL");
      expect(await page.getByLabel("Severity").last().inputValue()).toBe("CRITICAL");
      await page.locator(".alert-item").first().waitFor();
      const severities = await page.locator(".alert-item .alert-head .badge:first-child").allTextContents();
      expect(new Set(severities)).toEqual(new Set(["Critical"]));
    },
    SLOW,
  );

  it(
    "alerts: most severe first, filters in the address, who and when, escalation, actions with their own results",
    async () => {
      const page = adminPage;
      await open(page, product.url, "alerts", "Alerts");
      await page.locator(".alert-item").first().waitFor();
      const order = (await page.locator(".alert-item .alert-head .badge:first-child").allTextContents()).map((word) =>
        SEVERITY_ORDER.indexOf(word),
      );
      expect(order.length).toBeGreaterThan(3);
      expect(order).toEqual([...order].sort((a, b) => a - b));

      // The same report three times: folded into one alert, escalated, and the page says so.
      const message = "Pump 7 pressure low at Hadapsar";
      // Raising is a step away (closed at first), so the list is what the page opens on.
      await page.locator("summary", { hasText: "Raise an alert" }).click();
      for (let i = 0; i < 3; i++) {
        await page.getByLabel("Sector").first().selectOption("Infrastructure");
        await page.getByLabel("Severity").first().selectOption({ label: "Medium" });
        await page.getByLabel("What is wrong").fill(message);
        await page.getByRole("button", { name: "Raise alert" }).click();
        await page
          .getByTestId("raise-result")
          .getByText(i === 0 ? /^Alert raised/ : new RegExp(`reported ${i + 1} times`))
          .waitFor();
      }
      await page.getByTestId("raise-result").getByText("It is now High (escalated from Medium).").waitFor();
      const item = page.locator(".alert-item", { hasText: message });
      await item.getByText("Escalated from Medium to High after 3 reports").waitFor();
      await item.getByText(/^Raised by Demo Admin · /).waitFor();

      await item.getByRole("button", { name: `Acknowledge alert: ${message}` }).click();
      await item
        .getByTestId("alert-outcome")
        .getByText("Acknowledged: everyone now sees that you are handling it.")
        .waitFor();
      await item.getByText(/^Acknowledged by Demo Admin · /).waitFor();
      await item.getByText("Acknowledged", { exact: true }).waitFor();
      // Another action's result replaces this one: one message, next to its own alert.
      const otherId = await page
        .locator(".alert-item", { has: page.getByRole("button", { name: /^Acknowledge alert: / }) })
        .first()
        .getAttribute("data-testid");
      const other = page.getByTestId(otherId ?? "");
      await other.getByRole("button", { name: /^Acknowledge alert: / }).click();
      await other.getByTestId("alert-outcome").waitFor();
      expect(await page.getByTestId("alert-outcome").count()).toBe(1);

      await item.getByRole("button", { name: `Resolve alert: ${message}` }).click();
      const dialog = page.getByRole("dialog", { name: "Resolve this alert?" });
      await dialog.getByText(message).waitFor();
      await check(page, "resolve dialog");
      await dialog.getByRole("button", { name: "Yes, resolve it" }).click();
      await page.getByTestId("alert-outcome").getByText(`Resolved: “${message}” is closed.`).waitFor();

      await page.getByLabel("Show").selectOption({ label: "Resolved" });
      await page.getByLabel("Sector").last().selectOption("Infrastructure");
      expect(page.url()).toContain("status=resolved");
      expect(page.url()).toContain("type=Infrastructure");
      const resolved = page.locator(".alert-item", { hasText: message });
      await resolved.getByText(/^Resolved by Demo Admin · /).waitFor();
      await resolved.getByText("Resolved", { exact: true }).waitFor();
      await page.reload();
      await page.getByRole("heading", { name: "Resolved alerts, most severe first" }).waitFor();
      await bothWidths(page, "alerts", () => page.locator(".alert-item").first().waitFor());

      await page.goto(`${product.url}/#/alerts?status=resolved&type=System&severity=CRITICAL`);
      await bothWidths(page, "alerts-empty", () => page.getByText("No alerts here. All quiet.").waitFor());
      const lift = await refuseTrpc(page, "broken", { only: /alerts\.list/ });
      await page.goto(`${product.url}/#/alerts`);
      await page.reload();
      await page.getByText("Something went wrong on our side. Try again in a moment.").waitFor();
      await check(page, "alerts error");
      await lift();
    },
    SLOW,
  );

  it("a sector admin is offered only their sector's alerts to raise and handle", async () => {
    const page = agriPage;
    await open(page, product.url, "alerts", "Alerts");
    await page.locator(".alert-item").first().waitFor();
    expect(await page.locator("#raise-type option").allTextContents()).toEqual(["Agriculture"]);
    const items = page.locator(".alert-item");
    for (let i = 0; i < (await items.count()); i++) {
      const handled = (await items.nth(i).getByRole("button").count()) > 0;
      const type = await items.nth(i).locator(".alert-head strong").textContent();
      expect({ type, handled }).toEqual({ type, handled: type === "Agriculture" });
    }
    expect(await page.getByRole("button", { name: /^Resolve alert: / }).count()).toBeGreaterThan(0);
    await check(page, "alerts (agriculture admin)");
  });

  it("the email log shows subjects, searches by recipient or subject, and loads more", async () => {
    const page = adminPage;
    await open(page, product.url, "admin", "Email log");
    await page.locator("tbody tr").first().waitFor();
    expect(await page.locator("thead th").allTextContents()).toEqual(["When", "To", "Subject", "Status"]);
    const subjects = await page.locator("tbody td[data-label='Subject']").allTextContents();
    for (const subject of subjects) expect(subject).not.toMatch(/^[a-z]+(_[a-z]+)+$/);
    const more = page.getByRole("button", { name: "Show 50 more" });
    if (await more.isVisible()) {
      const before = await page.locator("tbody tr").count();
      await more.click();
      await page.waitForFunction((count) => document.querySelectorAll("tbody tr").length > count, before);
    } else {
      await page.getByText(/^Showing all \d+ emails?/).waitFor();
    }
    await bothWidths(page, "email-log", () => page.locator("tbody tr").first().waitFor());

    const recipient = patientEmails[0] as string;
    await page.getByLabel("Search by recipient or subject").fill(recipient);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.waitForURL(/q=/);
    await page.locator("tbody tr").first().waitFor();
    const recipients = await page.locator("tbody td[data-label='To']").allTextContents();
    expect(recipients.length).toBeGreaterThan(0);
    for (const to of recipients) expect(to).toBe(recipient);

    await page.getByLabel("Search by recipient or subject").fill("no such subject anywhere");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await bothWidths(page, "email-log-empty", () => page.getByText("No emails match this search.").waitFor());
    const lift = await refuseTrpc(page, "broken", { only: /emails\.list/ });
    await page.reload();
    await page.getByText("Something went wrong on our side. Try again in a moment.").waitFor();
    await check(page, "email log error");
    await lift();
  });

  it("follows the system's dark mode, readable on every staff page", async () => {
    const pages: ReadonlyArray<readonly [Page, string, string, () => Promise<unknown>]> = [
      [staffPage, "work-queue", "Work queue", () => staffPage.getByTestId("queue-count").waitFor()],
      [agriPage, "sector", "Agriculture figures", () => agriPage.locator(".chart-plot").first().waitFor()],
      [adminPage, "overview", "Overview", () => adminPage.locator(".chart-plot").first().waitFor()],
      [adminPage, "alerts", "Alerts", () => adminPage.locator(".alert-item").first().waitFor()],
      [adminPage, "admin", "Email log", () => adminPage.locator("tbody tr").first().waitFor()],
    ];
    for (const [page, name, heading, ready] of pages) {
      await page.emulateMedia({ colorScheme: "dark" });
      await open(page, product.url, name, heading);
      await ready();
      await check(page, `${name} (dark)`);
      await screenshot(page, `staff-${name}-dark`);
      await page.emulateMedia({ colorScheme: "light" });
    }
  });

  it("finds no serious accessibility problem and nothing wider than the screen on any page or state", () => {
    expect(findings).toEqual([]);
  });
});
