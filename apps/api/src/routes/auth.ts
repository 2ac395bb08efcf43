import type { AppDeps } from "@govconnect/router";
import type { FastifyInstance } from "fastify";
import { asProcedureInput, registerRestRoute } from "../rest.ts";

/** The original system's clients send `PUT /api/auth/me` with these snake_case names. */
const LEGACY_PROFILE_KEYS: Readonly<Record<string, string>> = {
  full_name: "fullName",
  password: "newPassword",
  current_password: "currentPassword",
};

/** Renames the legacy keys and keeps every other key, so the procedure still refuses unknown ones. */
function fromLegacyProfile(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [LEGACY_PROFILE_KEYS[key] ?? key, value]));
}

/** The seed's authentication endpoints, plus logout and the caller's own account. */
export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps, options: { readonly secureCookies: boolean }) {
  const route = registerRestRoute.bind(null, app, deps, options);
  route({
    method: "POST",
    url: "/api/auth/register",
    status: 201,
    handle: (caller, request) => caller.auth.register(asProcedureInput(request.body)),
  });
  route({
    method: "POST",
    url: "/api/auth/login",
    handle: (caller, request) => caller.auth.login(asProcedureInput(request.body)),
  });
  route({ method: "GET", url: "/api/auth/verify", handle: (caller) => caller.auth.verify() });
  route({ method: "POST", url: "/api/auth/logout", handle: (caller) => caller.auth.logout() });
  route({ method: "GET", url: "/api/auth/me", handle: (caller) => caller.auth.me() });
  route({
    method: "PUT",
    url: "/api/auth/me",
    handle: (caller, request) => caller.auth.updateMe(asProcedureInput(fromLegacyProfile(request.body))),
  });
}
