// request.cookies is declared by the cookie plugin.
import type {} from "@fastify/cookie";
import type { FastifyRequest } from "fastify";

/** The cookie the dashboard (and the original system's web clients) authenticate with. */
export const SESSION_COOKIE = "access_token";

const BEARER = /^Bearer\s+(\S+)$/i;

/** `Authorization: Bearer …` first (explicit beats ambient), else the session cookie. */
export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const bearer = typeof header === "string" ? BEARER.exec(header)?.[1] : undefined;
  return bearer ?? request.cookies[SESSION_COOKIE] ?? undefined;
}

const WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The methods that change something and may carry a body. */
export const carriesBody = (method: string): boolean => WITH_BODY.has(method);

const API_PATHS = ["/api/", "/trpc/"];

/** A request to the API (REST or tRPC), not to the dashboard's files. */
export const isApiPath = (url: string): boolean => API_PATHS.some((prefix) => url.startsWith(prefix));

/** Whether the browser sent the session cookie (its value is not checked here). */
export const carriesSessionCookie = (request: FastifyRequest): boolean =>
  request.headers.cookie?.includes(`${SESSION_COOKIE}=`) ?? false;
