import { useInfiniteQuery } from "@tanstack/react-query";
import { eventDevice, eventTime } from "../../audit-events.ts";
import { DataTable } from "../../components/data-table.tsx";
import { EventWhat } from "../../components/event-what.tsx";
import { ShowMore } from "../../components/show-more.tsx";
import { Empty, QueryState } from "../../components/states.tsx";
import { useFormat } from "../../format.ts";
import { useTRPC, useTRPCClient } from "../../trpc.ts";

const PAGE_SIZE = 10;
const INPUT = { limit: PAGE_SIZE } as const;

/** My account → Recent security activity: the account's own sign-ins and security changes, newest first. */
export function SecurityActivity() {
  const trpc = useTRPC();
  const format = useFormat();
  const client = useTRPCClient();
  // Pages by hand: tRPC's own infinite options add a `direction` to the input, which the API's
  // strict inputs refuse. The key is tRPC's, so invalidating the procedure reaches it.
  const events = useInfiniteQuery({
    queryKey: trpc.auth.securityEvents.infiniteQueryKey(INPUT),
    queryFn: ({ pageParam, signal }) =>
      client.auth.securityEvents.query({ ...INPUT, ...(pageParam ? { cursor: pageParam } : {}) }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  return (
    <section className="card" aria-labelledby="activity-title">
      <h3 id="activity-title">Recent security activity</h3>
      <p className="muted">
        Sign-ins to your account and changes to how it is protected. If you do not recognise something, change your
        password and sign out everywhere else.
      </p>
      <QueryState query={events} what="your security activity">
        {(data) => {
          const items = data.pages.flatMap((page) => page.items);
          if (items.length === 0) return <Empty>Nothing yet.</Empty>;
          return (
            <>
              <DataTable
                caption="Sign-ins and security changes of your account, newest first"
                rows={items}
                rowKey={(event) => event.id}
                rowTestId={(event) => `security-event-${event.id}`}
                columns={[
                  { header: "When", cell: (event) => eventTime(event, format) },
                  { header: "What", cell: (event) => <EventWhat event={event} detailsClassName="muted" /> },
                  { header: "Device", cell: eventDevice },
                  {
                    header: "Network address",
                    cell: (event) => <span className="break">{event.ip ?? "Unknown"}</span>,
                  },
                ]}
              />
              {events.hasNextPage ? (
                <p>
                  <ShowMore list={events} label="Show older" />
                </p>
              ) : (
                <p className="muted">No older activity.</p>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
