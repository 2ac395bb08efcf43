import { ACCOUNT_PAGES } from "@govconnect/contracts";
import { useEffect, useState } from "react";
import { useHashQuery } from "./hash-query.ts";

export const PAGES = [
  // Citizens: their appointments (home), booking and its confirmation, one appointment, their requests.
  "appointments",
  "book",
  "booked",
  "appointment",
  "requests",
  // Staff and admins.
  "work-queue",
  "sector",
  "overview",
  "alerts",
  "admin",
  "users",
  "audit",
  "developer",
  // Everyone signed in (by address; admins find it under Developer).
  "outbox",
  // Signed out, or public.
  "signin",
  "register",
  "status",
  // Two-step verification's set-up (forced for staff without it).
  "two-step-setup",
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

/** The page the address names: null for none ("", "#/"), or for a name that is no page. */
function named(): Page | null {
  const name = window.location.hash.replace(/^#\/?/, "").split("?")[0] ?? "";
  return (PAGES as readonly string[]).includes(name) ? (name as Page) : null;
}

/**
 * Only "#/…" is a route. Any other fragment ("#main", an error summary's "#book-hospitalId" opened
 * in a new tab) leaves the page as it was, so an in-page link can never navigate away.
 */
let lastPage: Page | null = null;
function current(): Page | null {
  const hash = window.location.hash;
  if (hash !== "" && hash !== "#" && !hash.startsWith("#/")) return lastPage;
  lastPage = named();
  return lastPage;
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
    update();
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, [read]);
  return value;
}

/**
 * The page in the URL's hash (`#/appointments`), so links, reloads and the back button work; null
 * when the address names none (the shell then shows the role's home).
 */
export const usePage = (): Page | null => useHash(current);

/**
 * One value of the page's query (`#/appointment?id=…`), or null; it follows the address. Read
 * from the one query of the address (`useHashQuery`), so several read in one render agree.
 */
export const useHashParam = (name: string): string | null => useHashQuery().get(name);

const readToken = () => hashParam("token");

/** The token of the emailed link that opened this page (`#/verify-email?token=…`), or null. */
export const useLinkToken = (): string | null => useHash(readToken);

/** The address of a page, with its query. */
export const href = (page: Page, params?: Readonly<Record<string, string>>) => {
  const query = params ? new URLSearchParams(params).toString() : "";
  return `#/${page}${query ? `?${query}` : ""}`;
};

export const go = (page: Page, params?: Readonly<Record<string, string>>) => {
  window.location.hash = href(page, params).slice(1);
};

/** Goes to a page in place of the current history entry (a redirect: Back does not return to it). */
export const replaceWith = (page: Page) => {
  window.location.replace(href(page));
};
