import { useEffect, useState } from "react";

export const PAGES = ["overview", "appointments", "tasks", "alerts", "admin", "outbox", "signin", "register"] as const;
export type Page = (typeof PAGES)[number];

function current(): Page {
  const name = window.location.hash.replace(/^#\/?/, "").split("?")[0] ?? "";
  return (PAGES as readonly string[]).includes(name) ? (name as Page) : "overview";
}

/** The page in the URL's hash (`#/appointments`), so links, reloads and the back button work. */
export function usePage(): Page {
  const [page, setPage] = useState(current);
  useEffect(() => {
    const update = () => setPage(current());
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return page;
}

export const go = (page: Page) => {
  window.location.hash = `/${page}`;
};
