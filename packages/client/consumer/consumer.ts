// A program another team might write, type-checked and run by the package test against the
// published tarball (outside this repository): GOVCONNECT_URL and GOVCONNECT_TOKEN come from it.
import type { GovConnectError, RouterInputs, RouterOutputs } from "@govconnect/client";
import { createGovConnectClient, taskPayloads } from "@govconnect/client";

const url = process.env.GOVCONNECT_URL ?? "http://127.0.0.1:3000";
const client = createGovConnectClient({ url, getToken: () => process.env.GOVCONNECT_TOKEN });

const health: RouterOutputs["health"]["check"] = await client.health.check.query();
const me = await client.auth.me.query();
const metrics = await client.dashboard.metrics.query();
const alertCount: number = metrics.alerts.critical;

// Wrong input types do not compile:
const wrong: RouterInputs["tasks"]["submit"] = {
  taskType: "user_registration",
  data: { userId: me.id },
  // @ts-expect-error priority is a number from 1 to 10, not a word
  priority: "high",
};
// …and the server refuses them too, naming the field.
const refused = await client.tasks.submit.mutate(wrong).then(
  () => "accepted",
  (error: GovConnectError) => error.data?.issues?.[0]?.path ?? "refused",
);

// The payload schemas are exported, to check a payload before sending it.
const payloadOk = taskPayloads.user_registration.safeParse({ userId: me.id }).success;
const payloadBad = taskPayloads.collect_metrics.safeParse({ sector: "space", samples: [] }).success;

// Submit a task and follow it live (server-sent events) until it is processed.
const { taskId } = await client.tasks.submit.mutate({ taskType: "user_registration", data: { userId: me.id } });
const statuses: string[] = [];
await new Promise<void>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no "processed" within 30 s: ${statuses.join(", ")}`)), 30_000);
  const subscription = client.tasks.onStatus.subscribe(
    { taskId },
    {
      onData: (event) => {
        statuses.push(event.data.status);
        if (event.data.status === "processed") {
          clearTimeout(timer);
          subscription.unsubscribe();
          resolve();
        }
      },
      onError: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    },
  );
});

console.log(
  JSON.stringify({
    node: process.version,
    service: health.service,
    username: me.username,
    alertCount,
    refused,
    payloadOk,
    payloadBad,
    statuses,
  }),
);
