import { useEffect, useRef } from "react";
import type { FormProblems } from "../../components/error-summary.tsx";
import { SummaryList } from "../../components/summary-list.tsx";
import { useFormat } from "../../format.ts";
import { useStepTitle } from "../../title.ts";
import type { Draft } from "./book-form.tsx";
import { PlaceDetails } from "./place.tsx";
import type { Hospital } from "./types.ts";

/**
 * GOV.UK's "Check your answers": everything the booking will say, each with a Change link back to
 * its question, and one button that books. Nothing is sent before it.
 */
export function CheckAnswers({
  draft,
  hospital,
  problems,
  pending,
  onChange,
  onBook,
}: {
  readonly draft: Draft;
  readonly hospital: Hospital | undefined;
  readonly problems: FormProblems;
  readonly pending: boolean;
  /** Back to the questions, the focus on this field. */
  readonly onChange: (field: keyof Draft) => void;
  readonly onBook: () => void;
}) {
  const format = useFormat();
  useStepTitle("Check your answers");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="check-title">
      <h3 id="check-title" ref={heading} tabIndex={-1}>
        Check your answers before booking
      </h3>
      {problems.summary}
      <SummaryList
        label="Your answers"
        rows={[
          {
            label: "Hospital",
            value: hospital ? <PlaceDetails place={hospital} /> : "Not chosen",
            change: () => onChange("hospitalId"),
          },
          { label: "Department", value: draft.department, change: () => onChange("department") },
          {
            label: "Date",
            value: format.weekdayDate(draft.appointmentDate),
            change: () => onChange("appointmentDate"),
          },
          { label: "Time", value: format.time(draft.appointmentTime), change: () => onChange("appointmentTime") },
          { label: "Full name", value: draft.patientName, change: () => onChange("patientName") },
          { label: "Phone number", value: draft.patientPhone, change: () => onChange("patientPhone") },
          {
            label: "Symptoms",
            value: draft.symptoms.trim() || <span className="muted">None given</span>,
            change: () => onChange("symptoms"),
          },
        ]}
      />
      <p>By booking you agree that the hospital may call you on this number about the appointment.</p>
      <button type="button" onClick={onBook} disabled={pending}>
        {pending ? "Booking…" : "Book this appointment"}
      </button>
    </section>
  );
}
