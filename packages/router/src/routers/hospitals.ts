import { HEALTHCARE_STAFF } from "@govconnect/contracts";
import {
  createHospital,
  createHospitalInput,
  deactivateHospital,
  getHospital,
  hospitalListInput,
  hospitalView,
  listHospitals,
  updateHospital,
  updateHospitalInput,
} from "@govconnect/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { publicProcedure, roleProcedure } from "../trpc.ts";

const staffProcedure = roleProcedure(...HEALTHCARE_STAFF).meta({ changes: "hospital" });
const byId = z.strictObject({ id: z.string().max(100) });
const changed = (message: string) => z.object({ message: z.literal(message), hospital: hospitalView });

export const hospitalsRouter = {
  /** `GET /api/healthcare/hospitals`: active hospitals by name, filtered by city, state, type or department. */
  list: publicProcedure
    .input(hospitalListInput)
    .output(z.object({ hospitals: z.array(hospitalView) }))
    .query(async ({ ctx, input }) => ({ hospitals: await listHospitals(ctx.db, input) })),

  byId: publicProcedure
    .input(byId)
    .output(z.object({ hospital: hospitalView }))
    .query(async ({ ctx, input }) => ({ hospital: await getHospital(ctx.db, input.id) })),

  /** Healthcare staff: adds a hospital (its `hospitalId` code must be new). */
  create: staffProcedure
    .input(createHospitalInput)
    .output(changed("Hospital created successfully"))
    .mutation(async ({ ctx, input }) => {
      const hospital = await createHospital(ctx.db, ctx.actor, input);
      return { message: "Hospital created successfully" as const, hospital };
    }),

  update: staffProcedure
    .input(updateHospitalInput)
    .output(changed("Hospital updated successfully"))
    .mutation(async ({ ctx, input }) => {
      const hospital = await updateHospital(ctx.db, ctx.actor, input);
      return { message: "Hospital updated successfully" as const, hospital };
    }),

  /** Takes a hospital out of the lists and bookings; its appointments stay. */
  deactivate: staffProcedure
    .input(byId)
    .output(changed("Hospital deactivated successfully"))
    .mutation(async ({ ctx, input }) => {
      const hospital = await deactivateHospital(ctx.db, ctx.actor, input.id);
      return { message: "Hospital deactivated successfully" as const, hospital };
    }),
} satisfies TRPCRouterRecord;
