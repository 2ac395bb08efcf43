import { ACCOUNT_PAGES } from "@govconnect/contracts";
import { useEffect, useState } from "react";

export const PAGES = [
  "overview",
  "appointments",
  "tasks",
  "alerts",
  "admin",
  "users",
  "outbox",
  "signin",
  "register",
  // Two-step verification's set-up (forced for staff without it) and the admins' audit log.
  "two-step-setup",
  "audit",
  // The pages account emails link to (and "account", "setup"): the emails build links to these names.
  ...Object.values(ACCOUNT_PAGES),
] as const;
export type Page = (typeof PAGES)[number];

/** The pages an emailed link opens: they work signed in or not, and read their token from the link. */
export const LINK_PAGES: readonly Page[] = [
  ACCOUNT_PAGES.verifyEmail,
  ACCOUNT_PAGES.resetPassword,
  ACCOUNT_PAGES.forgotPassword,
  ACCOUNT_PAGES.acceptInvitation,
];

function current(): Page {
  const name = window.location.hash.replace(/^#\/?/, "").split("?")[0] ?? "";
  return (PAGES as readonly string[]).includes(name) ? (name as Page) : "overview";
}

/** A value from the hash's query (`#/reset-password?token=…`), or null. */
function hashParam(name: string): string | null {
  const query = window.location.hash.split("?")[1] ?? "";
  return new URLSearchParams(query).get(name);
}

function useHash<T>(read: () => T): T {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const update = () => setValue(read);
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, [read]);
  return value;
}

/** The page in the URL's hash (`#/appointments`), so links, reloads and the back button work. */
export const usePage = (): Page => useHash(current);

const readToken = () => hashParam("token");

/** The token of the emailed link that opened this page (`#/verify-email?token=…`), or null. */
export const useLinkToken = (): string | null => useHash(readToken);

export const go = (page: Page) => {
  window.location.hash = `/${page}`;
};
