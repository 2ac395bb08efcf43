import { appointmentRequest, HEALTHCARE_STAFF } from "@govconnect/contracts";
import {
  allAppointmentsInput,
  appointmentHistory,
  appointmentNumberedPage,
  appointmentQueueFilter,
  appointmentQueueInput,
  appointmentView,
  bookAppointment,
  changeAppointmentStatus,
  changeStatusInput,
  getAppointment,
  listAllAppointments,
  listAppointmentQueue,
  listMyAppointments,
  listMyBookings,
  myAppointmentsInput,
  myBookingsInput,
  takenSlots,
  takenSlotsInput,
} from "@govconnect/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { protectedProcedure, roleProcedure } from "../trpc.ts";

const page = z.object({ appointments: z.array(appointmentView), nextCursor: z.string().nullable() });
const appointmentId = z.strictObject({ id: z.string().max(100) });

export const appointmentsRouter = {
  /**
   * `POST /api/appointments`: books for the signed-in user, synchronously (409 when the slot is
   * taken), and records the booking as a done `appointment_booking` task. The confirmation email
   * goes out through the queue.
   */
  book: protectedProcedure
    .meta({ changes: "appointment" })
    .input(appointmentRequest)
    .output(z.object({ message: z.literal("Appointment scheduled successfully"), appointment: appointmentView }))
    .mutation(async ({ ctx, input }) => {
      const appointment = await bookAppointment(ctx.db, ctx.tasks.dispatch, ctx.actor.userId, input, "api");
      return { message: "Appointment scheduled successfully" as const, appointment };
    }),

  /** `GET /api/appointments/my`: the caller's own appointments, newest booking first. */
  mine: protectedProcedure
    .input(myAppointmentsInput)
    .output(page)
    .query(async ({ ctx, input }) => {
      const result = await listMyAppointments(ctx.db, ctx.actor, input);
      return { appointments: result.items, nextCursor: result.nextCursor };
    }),

  /** `GET /api/appointments` (healthcare staff): every appointment, filtered. */
  list: roleProcedure(...HEALTHCARE_STAFF)
    .input(allAppointmentsInput)
    .output(page)
    .query(async ({ ctx, input }) => {
      const result = await listAllAppointments(ctx.db, input);
      return { appointments: result.items, nextCursor: result.nextCursor };
    }),

  /**
   * `PUT /api/appointments/{id}`: staff move it along scheduled → confirmed | cancelled →
   * completed; the patient may cancel their own. Each change emails the patient.
   */
  updateStatus: protectedProcedure
    .meta({ changes: "appointment" })
    .input(changeStatusInput)
    .output(z.object({ message: z.literal("Appointment updated successfully"), appointment: appointmentView }))
    .mutation(async ({ ctx, input }) => {
      const appointment = await changeAppointmentStatus(ctx.db, ctx.tasks.dispatch, ctx.actor, input);
      return { message: "Appointment updated successfully" as const, appointment };
    }),

  /**
   * The caller's own bookings by when they take place: upcoming (earliest first), past or
   * cancelled (newest first), in numbered pages with their total.
   */
  myBookings: protectedProcedure
    .input(myBookingsInput)
    .output(appointmentNumberedPage)
    .query(async ({ ctx, input }) => {
      const { items, ...rest } = await listMyBookings(ctx.db, ctx.actor, input);
      return { appointments: items, ...rest };
    }),

  /**
   * The healthcare staff's work queue: today's, upcoming or unconfirmed appointments (or all),
   * searched by patient or reference, filtered, sorted and paged on the server, with the total.
   */
  queue: roleProcedure(...HEALTHCARE_STAFF)
    .input(appointmentQueueInput)
    .output(appointmentNumberedPage)
    .query(async ({ ctx, input }) => {
      const { items, ...rest } = await listAppointmentQueue(ctx.db, input);
      return { appointments: items, ...rest };
    }),

  /**
   * The work queue's filter as `GET /api/appointments/export` checks it: the same access, rate
   * limit and validation as `queue`; the route then streams the CSV.
   */
  exportFilter: roleProcedure(...HEALTHCARE_STAFF)
    .input(appointmentQueueFilter)
    .output(appointmentQueueFilter)
    .query(({ input }) => input),

  /** One appointment, with where it takes place (its patient, or healthcare staff). */
  get: protectedProcedure
    .input(appointmentId)
    .output(
      z.object({
        appointment: appointmentView,
        hospital: z.object({
          name: z.string(),
          address: z.string(),
          city: z.string(),
          state: z.string(),
          phone: z.string(),
        }),
      }),
    )
    .query(({ ctx, input }) => getAppointment(ctx.db, ctx.actor, input.id)),

  /** Times already booked at a hospital's department on a day, for a booking form. */
  takenSlots: protectedProcedure
    .input(takenSlotsInput)
    .output(z.object({ times: z.array(z.string()) }))
    .query(async ({ ctx, input }) => ({ times: await takenSlots(ctx.db, input) })),

  /** The audit trail of one appointment (its patient, or staff). */
  history: protectedProcedure
    .input(appointmentId)
    .output(
      z.object({
        history: z.array(
          z.object({
            from: z.string().nullable(),
            to: z.string(),
            actorId: z.string().nullable(),
            actorName: z.string().nullable(),
            reason: z.string().nullable(),
            at: z.string(),
          }),
        ),
      }),
    )
    .query(async ({ ctx, input }) => ({
      history: await appointmentHistory(ctx.db, ctx.actor, input.id),
    })),
} satisfies TRPCRouterRecord;
