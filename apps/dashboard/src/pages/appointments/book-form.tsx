import { localDate } from "@govconnect/contracts";
import type { RouterInputs } from "@govconnect/router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { Field } from "../../components/field.tsx";
import { FormFailure, QueryState } from "../../components/states.tsx";
import { useSession } from "../../session.tsx";
import { fieldErrors, useTRPC } from "../../trpc.ts";

/** Half-hour slots of a clinic day. */
const SLOTS = Array.from(
  { length: 16 },
  (_, i) => `${String(9 + Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`,
);

export function BookForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { me } = useSession();
  const hospitals = useQuery(trpc.hospitals.list.queryOptions({}));
  const [form, setForm] = useState({
    hospitalId: "",
    department: "",
    appointmentDate: "",
    appointmentTime: "",
    patientName: me?.fullName ?? "",
    patientPhone: "",
    doctorName: "",
    symptoms: "",
  });
  const hospital = hospitals.data?.hospitals.find((h) => h.id === form.hospitalId);
  const slotsReady = Boolean(form.hospitalId && form.department && form.appointmentDate);
  const taken = useQuery({
    ...trpc.appointments.takenSlots.queryOptions({
      hospitalId: form.hospitalId,
      department: form.department,
      date: form.appointmentDate,
    }),
    enabled: slotsReady,
  });
  const book = useMutation(
    trpc.appointments.book.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.appointments.pathKey() }),
    }),
  );
  const errors = fieldErrors(book.error);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [key]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: RouterInputs["appointments"]["book"] = {
      hospitalId: form.hospitalId,
      department: form.department,
      appointmentDate: form.appointmentDate,
      appointmentTime: form.appointmentTime,
      patientName: form.patientName,
      patientPhone: form.patientPhone,
      ...(form.doctorName ? { doctorName: form.doctorName } : {}),
      ...(form.symptoms ? { symptoms: form.symptoms } : {}),
    };
    book.mutate(input, { onSuccess: () => setForm((current) => ({ ...current, appointmentTime: "" })) });
  };

  return (
    <section className="card" aria-labelledby="book-title">
      <h3 id="book-title">Book an appointment</h3>
      <QueryState query={hospitals} what="hospitals">
        {(data) => (
          <form onSubmit={submit} noValidate className="grid-form">
            <Field label="Hospital" error={errors.hospitalId}>
              {(props) => (
                <select
                  {...props}
                  value={form.hospitalId}
                  onChange={(e) => setForm((c) => ({ ...c, hospitalId: e.target.value, department: "" }))}
                >
                  <option value="">Choose a hospital</option>
                  {data.hospitals.map((h) => (
                    <option key={h.id} value={h.id}>
                      {h.name}, {h.city}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Department" error={errors.department}>
              {(props) => (
                <select {...props} value={form.department} onChange={set("department")} disabled={!hospital}>
                  <option value="">{hospital ? "Choose a department" : "Choose a hospital first"}</option>
                  {hospital?.departments.map((d) => (
                    <option key={d} value={d}>
                      {d}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Date" error={errors.appointmentDate}>
              {(props) => (
                <input
                  {...props}
                  type="date"
                  min={localDate(new Date())}
                  value={form.appointmentDate}
                  onChange={set("appointmentDate")}
                />
              )}
            </Field>
            <fieldset className="slots">
              <legend>
                Time{errors.appointmentTime ? <span className="error-text"> — {errors.appointmentTime}</span> : null}
              </legend>
              {!slotsReady ? (
                <p className="muted">Choose a hospital, department and date to see free times.</p>
              ) : taken.isPending ? (
                <p className="muted">Loading free times…</p>
              ) : (
                <div className="slot-grid">
                  {SLOTS.map((slot) => {
                    const busy = taken.data?.times.includes(slot) ?? false;
                    return (
                      <label
                        key={slot}
                        className={`slot${busy ? " busy" : ""}${form.appointmentTime === slot ? " chosen" : ""}`}
                      >
                        <input
                          type="radio"
                          name="appointmentTime"
                          value={slot}
                          checked={form.appointmentTime === slot}
                          disabled={busy}
                          onChange={set("appointmentTime")}
                        />
                        {slot}
                        {busy ? <span className="visually-hidden"> (taken)</span> : null}
                      </label>
                    );
                  })}
                </div>
              )}
            </fieldset>
            <Field label="Patient name" error={errors.patientName}>
              {(props) => (
                <input {...props} autoComplete="name" value={form.patientName} onChange={set("patientName")} />
              )}
            </Field>
            <Field label="Phone" error={errors.patientPhone} hint="e.g. +91 98765 43210">
              {(props) => (
                <input
                  {...props}
                  type="tel"
                  autoComplete="tel"
                  value={form.patientPhone}
                  onChange={set("patientPhone")}
                />
              )}
            </Field>
            <Field label="Doctor (optional)" error={errors.doctorName}>
              {(props) => <input {...props} value={form.doctorName} onChange={set("doctorName")} />}
            </Field>
            <Field label="Symptoms (optional)" error={errors.symptoms}>
              {(props) => <textarea {...props} rows={2} value={form.symptoms} onChange={set("symptoms")} />}
            </Field>
            <FormFailure error={book.error} fields={errors} />
            {book.isSuccess ? (
              <p className="success" role="status">
                Booked: {book.data.appointment.reference} on {book.data.appointment.appointmentDate} at{" "}
                {book.data.appointment.appointmentTime}. A confirmation email is on its way.
              </p>
            ) : null}
            <button type="submit" disabled={book.isPending}>
              {book.isPending ? "Booking…" : "Book"}
            </button>
          </form>
        )}
      </QueryState>
    </section>
  );
}
