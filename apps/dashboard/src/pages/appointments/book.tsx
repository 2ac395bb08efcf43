import { MAX_OPEN_BOOKINGS_PER_CITIZEN } from "@govconnect/contracts";
import type { RouterInputs } from "@govconnect/router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { useFormProblems } from "../../components/error-summary.tsx";
import { QueryState } from "../../components/states.tsx";
import { describeProblems } from "../../messages.ts";
import { go } from "../../route.ts";
import { useSession } from "../../session.tsx";
import { useTRPC } from "../../trpc.ts";
import type { Draft } from "./book-form.tsx";
import { BookForm } from "./book-form.tsx";
import { CheckAnswers } from "./check-answers.tsx";
import { BOOKING_WORDS } from "./words.ts";

type Step = "questions" | "check";

/**
 * Booking, in the anchors' order: the questions, then "Check your answers", then the
 * confirmation page (its own address, so a reload or Back never books twice; the form is gone
 * with this page). A refusal about an answer (the slot was taken meanwhile) returns to the
 * questions with the summary; any other (rate limited, offline) stays on the check step, every
 * answer kept.
 */
export function BookAppointment() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { me } = useSession();
  const hospitals = useQuery(trpc.hospitals.list.queryOptions({}));
  // The phone number of the last booking, so it need not be typed again.
  const last = useQuery(trpc.appointments.mine.queryOptions({ limit: 1 }));
  const [step, setStep] = useState<Step>("questions");
  const [draft, setDraft] = useState<Draft>({
    hospitalId: "",
    department: "",
    appointmentDate: "",
    appointmentTime: "",
    patientName: me?.fullName ?? "",
    patientPhone: "",
    symptoms: "",
  });
  const lastPhone = last.data?.appointments[0]?.patientPhone;
  useEffect(() => {
    if (lastPhone) setDraft((current) => (current.patientPhone ? current : { ...current, patientPhone: lastPhone }));
  }, [lastPhone]);
  const book = useMutation(
    trpc.appointments.book.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.appointments.pathKey() }),
    }),
  );
  const problems = useFormProblems("book", book.error, BOOKING_WORDS);
  const onChange = useCallback((changes: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...changes }));
  }, []);
  const backTo = (field: keyof Draft) => {
    setStep("questions");
    // After the questions are on screen again.
    requestAnimationFrame(() => document.getElementById(problems.id(field))?.focus());
  };
  const confirm = () => {
    problems.check();
    const input: RouterInputs["appointments"]["book"] = {
      hospitalId: draft.hospitalId,
      department: draft.department,
      appointmentDate: draft.appointmentDate,
      appointmentTime: draft.appointmentTime,
      patientName: draft.patientName.trim(),
      patientPhone: draft.patientPhone.trim(),
      ...(draft.symptoms.trim() ? { symptoms: draft.symptoms.trim() } : {}),
    };
    book.mutate(input, {
      onSuccess: (data) => go("booked", { id: data.appointment.id }),
      onError: (error) => {
        if (describeProblems(error, BOOKING_WORDS).some((problem) => problem.field !== null)) setStep("questions");
      },
    });
  };
  return (
    <section aria-labelledby="book-title">
      <h2 id="book-title">Book an appointment</h2>
      {me?.role === "user" ? (
        <p className="muted">You can hold up to {MAX_OPEN_BOOKINGS_PER_CITIZEN} upcoming appointments.</p>
      ) : null}
      <div className="card">
        <QueryState query={hospitals} what="hospitals">
          {(data) =>
            step === "questions" ? (
              <BookForm
                hospitals={data.hospitals}
                draft={draft}
                onChange={onChange}
                problems={problems}
                onContinue={() => setStep("check")}
              />
            ) : (
              <CheckAnswers
                draft={draft}
                hospital={data.hospitals.find((h) => h.id === draft.hospitalId)}
                problems={problems}
                pending={book.isPending}
                onChange={backTo}
                onBook={confirm}
              />
            )
          }
        </QueryState>
      </div>
    </section>
  );
}
