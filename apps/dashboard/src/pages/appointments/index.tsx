import { isHealthcareStaff } from "@govconnect/contracts";
import { useSession } from "../../session.tsx";
import { AllAppointments } from "./all-appointments.tsx";
import { BookForm } from "./book-form.tsx";
import { MyAppointments } from "./my-appointments.tsx";

/** The appointments page: booking and "mine" for everyone, the full list for healthcare staff. */
export function Appointments() {
  const { me } = useSession();
  const staff = me ? isHealthcareStaff(me) : false;
  return (
    <section aria-labelledby="appointments-title">
      <h2 id="appointments-title">Appointments</h2>
      <BookForm />
      <MyAppointments />
      {staff ? <AllAppointments /> : null}
    </section>
  );
}
