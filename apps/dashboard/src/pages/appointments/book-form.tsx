import { bookableTimes, bookingWindow } from "@govconnect/contracts";
import { useQuery } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useEffect } from "react";
import type { FormProblems } from "../../components/error-summary.tsx";
import { Field } from "../../components/field.tsx";
import { useFormat } from "../../format.ts";
import type { Problem } from "../../messages.ts";
import { useTRPC } from "../../trpc.ts";
import { PlaceDetails } from "./place.tsx";
import type { Hospital } from "./types.ts";

/** What the booking form holds, as typed (the request's own field names). */
export interface Draft {
  readonly hospitalId: string;
  readonly department: string;
  readonly appointmentDate: string;
  readonly appointmentTime: string;
  readonly patientName: string;
  readonly patientPhone: string;
  readonly symptoms: string;
}

/** The same rule the API checks (contracts' appointment request): 7 to 15 digits. */
const PHONE = /^\+?[0-9][0-9 ().-]{5,22}[0-9]$/;
const digits = (phone: string) => phone.replace(/\D/g, "").length;

/** The form's own checks, before anything is sent, in the words a patient needs. */
export function checkDraft(draft: Draft, now: Date): Problem[] {
  const problems: Problem[] = [];
  const window = bookingWindow(now);
  if (!draft.hospitalId) problems.push({ field: "hospitalId", message: "Choose a hospital" });
  if (!draft.department) problems.push({ field: "department", message: "Choose a department" });
  if (!draft.appointmentDate) problems.push({ field: "appointmentDate", message: "Choose a date" });
  else if (draft.appointmentDate < window.first || draft.appointmentDate > window.last) {
    problems.push({ field: "appointmentDate", message: "Choose a date from today to one year ahead" });
  }
  if (!draft.appointmentTime) problems.push({ field: "appointmentTime", message: "Choose a time" });
  else if (draft.appointmentDate && !bookableTimes(draft.appointmentDate, now).includes(draft.appointmentTime)) {
    problems.push({ field: "appointmentTime", message: "That time has passed: choose a later time" });
  }
  if (!draft.patientName.trim()) {
    problems.push({ field: "patientName", message: "Enter the full name of the person the appointment is for" });
  }
  const phone = draft.patientPhone.trim();
  if (!phone) problems.push({ field: "patientPhone", message: "Enter a phone number, like 098765 43210" });
  else if (!PHONE.test(phone) || digits(phone) < 7 || digits(phone) > 15) {
    problems.push({ field: "patientPhone", message: "Enter a phone number of 7 to 15 digits, like 098765 43210" });
  }
  if (draft.symptoms.length > 2000) {
    problems.push({ field: "symptoms", message: "Describe the symptoms in 2000 characters or fewer" });
  }
  return problems;
}

/**
 * The booking questions: hospital (with its address and phone), department, date (with its
 * weekday, inside the booking window), a time still ahead that nobody has taken, and the patient.
 */
export function BookForm({
  hospitals,
  draft,
  onChange,
  problems,
  onContinue,
}: {
  readonly hospitals: readonly Hospital[];
  readonly draft: Draft;
  readonly onChange: (changes: Partial<Draft>) => void;
  readonly problems: FormProblems;
  readonly onContinue: () => void;
}) {
  const trpc = useTRPC();
  const format = useFormat();
  const now = new Date();
  const window = bookingWindow(now);
  const hospital = hospitals.find((h) => h.id === draft.hospitalId);
  const slotsReady = Boolean(draft.hospitalId && draft.department && draft.appointmentDate);
  const taken = useQuery({
    ...trpc.appointments.takenSlots.queryOptions({
      hospitalId: draft.hospitalId,
      department: draft.department,
      date: draft.appointmentDate,
    }),
    enabled: slotsReady,
  });
  const times = draft.appointmentDate ? bookableTimes(draft.appointmentDate, now) : [];
  const set = (key: keyof Draft) => (event: { target: { value: string } }) => {
    problems.edited(key);
    onChange({ [key]: event.target.value });
  };
  // A time chosen earlier that has passed, or that someone else took meanwhile, is no longer an answer.
  const stale = Boolean(
    draft.appointmentTime &&
      (!times.includes(draft.appointmentTime) || taken.data?.times.includes(draft.appointmentTime)),
  );
  useEffect(() => {
    if (stale) onChange({ appointmentTime: "" });
  }, [stale, onChange]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.check(checkDraft(draft, new Date()))) onContinue();
  };
  const firstFree = times.find((time) => !taken.data?.times.includes(time));

  if (hospitals.length === 0) {
    return (
      <p className="empty">
        No hospital takes bookings online yet. Please call your hospital to book, or try again later.
      </p>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="booking-form">
      {problems.summary}
      <Field id={problems.id("hospitalId")} label="Hospital" error={problems.of("hospitalId")}>
        {(props) => (
          <select
            {...props}
            value={draft.hospitalId}
            onChange={(e) => {
              problems.edited("hospitalId");
              onChange({ hospitalId: e.target.value, department: "", appointmentTime: "" });
            }}
          >
            <option value="">Choose a hospital</option>
            {hospitals.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}, {h.city}
              </option>
            ))}
          </select>
        )}
      </Field>
      {hospital ? <PlaceDetails place={hospital} /> : null}
      <Field
        id={problems.id("department")}
        label="Department"
        error={problems.of("department")}
        {...(hospital ? {} : { hint: "Choose a hospital first" })}
      >
        {(props) => (
          <select
            {...props}
            value={draft.department}
            onChange={(e) => {
              problems.edited("department");
              onChange({ department: e.target.value, appointmentTime: "" });
            }}
            disabled={!hospital}
          >
            <option value="">Choose a department</option>
            {hospital?.departments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={problems.id("appointmentDate")}
        label="Date"
        error={problems.of("appointmentDate")}
        hint={`From today to ${format.weekdayDate(window.last)}`}
      >
        {(props) => (
          <input
            {...props}
            type="date"
            min={window.first}
            max={window.last}
            value={draft.appointmentDate}
            onChange={set("appointmentDate")}
          />
        )}
      </Field>
      {draft.appointmentDate && draft.appointmentDate >= window.first && draft.appointmentDate <= window.last ? (
        <p className="weekday" aria-live="polite" data-testid="chosen-day">
          {format.weekdayDate(draft.appointmentDate)}
        </p>
      ) : null}
      <fieldset
        className={`slots${problems.of("appointmentTime") ? " invalid" : ""}`}
        aria-describedby={problems.of("appointmentTime") ? "book-time-error" : undefined}
      >
        <legend>Time</legend>
        {problems.of("appointmentTime") ? (
          <p id="book-time-error" className="error-text">
            {problems.of("appointmentTime")}
          </p>
        ) : null}
        {!slotsReady ? (
          <p className="muted" id={problems.id("appointmentTime")} tabIndex={-1}>
            Choose a hospital, department and date to see the free times.
          </p>
        ) : taken.isPending ? (
          <p className="muted" aria-busy="true">
            Loading free times…
          </p>
        ) : times.length === 0 ? (
          <p className="muted" id={problems.id("appointmentTime")} tabIndex={-1}>
            There are no times left on this day. Choose another date.
          </p>
        ) : (
          <div className="slot-grid">
            {times.map((slot) => {
              const busy = taken.data?.times.includes(slot) ?? false;
              return (
                <label
                  key={slot}
                  className={`slot${busy ? " busy" : ""}${draft.appointmentTime === slot ? " chosen" : ""}`}
                >
                  <input
                    type="radio"
                    name="appointmentTime"
                    // The error summary's link lands on the first free time.
                    id={slot === firstFree ? problems.id("appointmentTime") : undefined}
                    value={slot}
                    checked={draft.appointmentTime === slot}
                    disabled={busy}
                    onChange={set("appointmentTime")}
                  />
                  {format.time(slot)}
                  {busy ? <span className="visually-hidden"> (taken)</span> : null}
                </label>
              );
            })}
          </div>
        )}
      </fieldset>
      <Field id={problems.id("patientName")} label="Full name" error={problems.of("patientName")}>
        {(props) => <input {...props} autoComplete="name" value={draft.patientName} onChange={set("patientName")} />}
      </Field>
      <Field
        id={problems.id("patientPhone")}
        label="Phone number"
        error={problems.of("patientPhone")}
        hint="The hospital calls this number if it needs to. For example, 098765 43210"
      >
        {(props) => (
          <input {...props} type="tel" autoComplete="tel" value={draft.patientPhone} onChange={set("patientPhone")} />
        )}
      </Field>
      <Field
        id={problems.id("symptoms")}
        label="Symptoms (optional)"
        error={problems.of("symptoms")}
        hint="What the doctor should know before you arrive"
      >
        {(props) => <textarea {...props} rows={3} value={draft.symptoms} onChange={set("symptoms")} />}
      </Field>
      <button type="submit">Continue</button>
    </form>
  );
}
