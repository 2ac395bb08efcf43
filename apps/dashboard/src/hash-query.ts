import { useMemo, useSyncExternalStore } from "react";

const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};
const queryOfHash = () => window.location.hash.split("?")[1] ?? "";

/**
 * The whole query of the address' hash (`#/work-queue?view=today&sort=-time&page=3`), read at
 * once: one change of the address is one new value. Reading several parameters with a
 * `useHashParam` each is not atomic — each hears the change on its own, so a page can render (and
 * ask the server for) a moment where some have changed and others not: `sort=-patient` still on
 * page 3, on the way from page 3 of one order to page 1 of the other.
 */
export function useHashQuery(): URLSearchParams {
  const query = useSyncExternalStore(subscribe, queryOfHash, () => "");
  return useMemo(() => new URLSearchParams(query), [query]);
}
