import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Context } from "./context.ts";
import { APP_ERROR_CODES, AppError } from "./errors.ts";

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const validation = error.code === "BAD_REQUEST" && error.cause instanceof z.ZodError ? error.cause : undefined;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      // Internal details never leave the server; they are in the log, under the request id.
      message: internal ? "Internal server error" : validation ? z.prettifyError(validation) : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        issues: validation?.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
      },
    };
  },
});

/** Maps a service's {@link AppError} to its tRPC code and logs server faults with their context. */
const errorBoundary = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const { error } = result;
  if (error.cause instanceof AppError) {
    throw new TRPCError({ code: APP_ERROR_CODES[error.cause.code], message: error.cause.message, cause: error.cause });
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    ctx.logger.error({ err: error.cause ?? error, path, type, requestId: ctx.requestId }, "procedure failed");
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Anyone may call it; still validated, still rate limited by the HTTP layer. */
export const publicProcedure = t.procedure.use(errorBoundary);
