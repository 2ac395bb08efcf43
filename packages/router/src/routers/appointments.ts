import {
  allAppointmentsInput,
  appointmentHistory,
  appointmentView,
  bookAppointment,
  changeAppointmentStatus,
  changeStatusInput,
  HEALTHCARE_STAFF,
  listAllAppointments,
  listMyAppointments,
  myAppointmentsInput,
  takenSlots,
  takenSlotsInput,
} from "@govconnect/domain";
import { appointmentRequest } from "@govconnect/jobs";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { actorOf } from "../context.ts";
import { protectedProcedure, roleProcedure } from "../trpc.ts";

const page = z.object({ appointments: z.array(appointmentView), nextCursor: z.string().nullable() });

export const appointmentsRouter = {
  /**
   * `POST /api/appointments`: books for the signed-in user, synchronously (409 when the slot is
   * taken), and records the booking as a done `appointment_booking` task. The confirmation email
   * goes out through the queue.
   */
  book: protectedProcedure
    .input(appointmentRequest)
    .output(z.object({ message: z.literal("Appointment scheduled successfully"), appointment: appointmentView }))
    .mutation(async ({ ctx, input }) => {
      const appointment = await bookAppointment(
        ctx.database.db,
        ctx.tasks.dispatch,
        ctx.session.record.userId,
        input,
        "api",
      );
      await ctx.dashboard.changed("appointment");
      return { message: "Appointment scheduled successfully" as const, appointment };
    }),

  /** `GET /api/appointments/my`: the caller's own appointments, newest booking first. */
  mine: protectedProcedure
    .input(myAppointmentsInput)
    .output(page)
    .query(async ({ ctx, input }) => {
      const result = await listMyAppointments(ctx.database.db, actorOf(ctx.session), input);
      return { appointments: result.items, nextCursor: result.nextCursor };
    }),

  /** `GET /api/appointments` (healthcare staff): every appointment, filtered. */
  list: roleProcedure(...HEALTHCARE_STAFF)
    .input(allAppointmentsInput)
    .output(page)
    .query(async ({ ctx, input }) => {
      const result = await listAllAppointments(ctx.database.db, input);
      return { appointments: result.items, nextCursor: result.nextCursor };
    }),

  /**
   * `PUT /api/appointments/{id}`: staff move it along scheduled → confirmed | cancelled →
   * completed; the patient may cancel their own. Each change emails the patient.
   */
  updateStatus: protectedProcedure
    .input(changeStatusInput)
    .output(z.object({ message: z.literal("Appointment updated successfully"), appointment: appointmentView }))
    .mutation(async ({ ctx, input }) => {
      const appointment = await changeAppointmentStatus(
        ctx.database.db,
        ctx.tasks.dispatch,
        actorOf(ctx.session),
        input,
      );
      await ctx.dashboard.changed("appointment");
      return { message: "Appointment updated successfully" as const, appointment };
    }),

  /** Times already booked at a hospital's department on a day, for a booking form. */
  takenSlots: protectedProcedure
    .input(takenSlotsInput)
    .output(z.object({ times: z.array(z.string()) }))
    .query(async ({ ctx, input }) => ({ times: await takenSlots(ctx.database.db, input) })),

  /** The audit trail of one appointment (its patient, or staff). */
  history: protectedProcedure
    .input(z.strictObject({ id: z.string().max(100) }))
    .output(
      z.object({
        history: z.array(
          z.object({ from: z.string().nullable(), to: z.string(), actorId: z.string().nullable(), at: z.string() }),
        ),
      }),
    )
    .query(async ({ ctx, input }) => ({
      history: await appointmentHistory(ctx.database.db, actorOf(ctx.session), input.id),
    })),
} satisfies TRPCRouterRecord;
