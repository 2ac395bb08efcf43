// request.cookies, reply.setCookie and reply.clearCookie are declared by the cookie plugin.
import type {} from "@fastify/cookie";
import type { AppDeps, Context } from "@govconnect/router";
import { createContext } from "@govconnect/router";
import type { FastifyReply, FastifyRequest } from "fastify";
import { refusalBeforeBody } from "./request-budget.ts";
import { SESSION_COOKIE, tokenOf } from "./request-kind.ts";

/** The cookie that tells a browser already seen by an account from a new one ("a new sign-in" email). */
export const DEVICE_COOKIE = "gc_device";
/** As long as browsers keep a cookie (Chrome caps at 400 days). */
const DEVICE_COOKIE_SECONDS = 400 * 24 * 60 * 60;

/** The tRPC context of one HTTP request: who calls, and how procedures reach the response. */
export function contextFor(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { readonly secureCookies: boolean },
): Promise<Context> {
  const userAgent = request.headers["user-agent"];
  return createContext(
    deps,
    {
      requestId: request.id,
      ip: request.ip,
      userAgent,
      token: tokenOf(request),
      device: request.cookies[DEVICE_COOKIE]?.slice(0, 64),
      refusedBeforeBody: refusalBeforeBody(request),
    },
    {
      setHeader: (name, value) => {
        reply.header(name, value);
      },
      setSessionCookie: (token, expiresAt) => {
        reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: "lax",
          secure: options.secureCookies,
          path: "/",
          expires: expiresAt,
        });
      },
      clearSessionCookie: () => {
        reply.clearCookie(SESSION_COOKIE, {
          httpOnly: true,
          sameSite: "lax",
          secure: options.secureCookies,
          path: "/",
        });
      },
      setDeviceCookie: (device) => {
        reply.setCookie(DEVICE_COOKIE, device, {
          httpOnly: true,
          sameSite: "lax",
          secure: options.secureCookies,
          path: "/",
          maxAge: DEVICE_COOKIE_SECONDS,
        });
      },
    },
  );
}
