import type { RouterOutputs } from "@govconnect/router";

/** An appointment as the lists send it; the table, "mine" and "all" share it. */
export type Appointment = RouterOutputs["appointments"]["mine"]["appointments"][number];
export type Status = Appointment["status"];
