/** @jsxRuntime automatic @jsxImportSource react */
// The pragma makes every transpiler (tsx in development, vitest, tsc) use the automatic runtime.
import { Section, Text } from "react-email";
import type { AppointmentDetails } from "../props.ts";
import { formatDate } from "./format.ts";

/** The appointment's facts as a boxed table, the same in every appointment email. */
export function AppointmentSummary({ details }: { readonly details: AppointmentDetails }) {
  const row = (label: string, value: string) => (
    <Text style={{ margin: "0 0 6px" }}>
      <span style={{ color: "#5f6368", display: "inline-block", width: "110px" }}>{label}</span> {value}
    </Text>
  );
  return (
    <Section style={{ backgroundColor: "#f5f7fa", borderRadius: "8px", padding: "12px 16px", margin: "12px 0 16px" }}>
      {row("Hospital", details.hospitalName)}
      {details.hospitalAddress ? row("Address", details.hospitalAddress) : null}
      {details.hospitalPhone ? row("Phone", details.hospitalPhone) : null}
      {row("Department", details.department)}
      {details.doctorName ? row("Doctor", details.doctorName) : null}
      {row("Date", formatDate(details.date))}
      {row("Time", details.time)}
      {row("Reference", details.reference)}
    </Section>
  );
}
