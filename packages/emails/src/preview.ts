import type { ServiceInfo } from "./layout.tsx";
import type { AppointmentDetails } from "./props.ts";

// Sample data for the templates' `PreviewProps` (what `email dev` shows) and for tests: made up,
// and never sent.

export const PREVIEW_SERVICE: ServiceInfo = {
  url: "https://govconnect.example.gov",
  supportEmail: "help@govconnect.example.gov",
};

export const PREVIEW_APPOINTMENT: AppointmentDetails = {
  reference: "APT-2026-0042",
  patientName: "Ada Lovelace",
  hospitalName: "City General Hospital",
  department: "Cardiology",
  date: "2026-12-03",
  time: "09:30",
  doctorName: "Dr. Mary Somerville",
};

/** A made-up account-link token, the shape of a real one (32 random bytes, base64url: 43 characters). */
export const PREVIEW_TOKEN = "6E4V45ovLzoSFf9BvAyM7AnBTw1KkAoS28hOMmdcun8";
