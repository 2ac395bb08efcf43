import type { RouterInputs, RouterOutputs } from "@govconnect/router";

/** An appointment as the lists send it. */
export type Appointment = RouterOutputs["appointments"]["myBookings"]["appointments"][number];
export type Status = Appointment["status"];
/** A patient's lists: upcoming, past, cancelled. */
export type BookingView = RouterInputs["appointments"]["myBookings"]["view"];
/** Where an appointment takes place, as `appointments.get` tells it. */
export type Place = RouterOutputs["appointments"]["get"]["hospital"];
export type Hospital = RouterOutputs["hospitals"]["list"]["hospitals"][number];
