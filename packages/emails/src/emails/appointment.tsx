/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import { Section, Text } from "react-email";
import { z } from "zod";

/** What every appointment email says about the appointment. */
export const appointmentDetails = z.object({
  reference: z.string().min(1),
  patientName: z.string().min(1),
  hospitalName: z.string().min(1),
  department: z.string().min(1),
  date: z.iso.date(),
  time: z.string().regex(/^\d{2}:\d{2}$/),
  doctorName: z.string().min(1).optional(),
});
export type AppointmentDetails = z.infer<typeof appointmentDetails>;

export const PREVIEW_APPOINTMENT: AppointmentDetails = {
  reference: "APT-2026-0042",
  patientName: "Ada Lovelace",
  hospitalName: "City General Hospital",
  department: "Cardiology",
  date: "2026-12-03",
  time: "09:30",
  doctorName: "Dr. Mary Somerville",
};

/** "Thursday, 3 December 2026" from "2026-12-03", the same in every time zone. */
export function formatDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

export function AppointmentSummary({ details }: { readonly details: AppointmentDetails }) {
  const row = (label: string, value: string) => (
    <Text style={{ margin: "0 0 6px" }}>
      <span style={{ color: "#5f6368", display: "inline-block", width: "110px" }}>{label}</span> {value}
    </Text>
  );
  return (
    <Section style={{ backgroundColor: "#f5f7fa", borderRadius: "8px", padding: "12px 16px", margin: "12px 0 16px" }}>
      {row("Hospital", details.hospitalName)}
      {row("Department", details.department)}
      {details.doctorName ? row("Doctor", details.doctorName) : null}
      {row("Date", formatDate(details.date))}
      {row("Time", details.time)}
      {row("Reference", details.reference)}
    </Section>
  );
}
