import type { TestAccount, TestApi } from "@govconnect/api/testing";
import { REST_ROUTES, signedInAccount, startTestApi } from "@govconnect/api/testing";
import { appRouter } from "@govconnect/router";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** How many generated requests (the 10,000); FUZZ_RUNS to change, FUZZ_SEED to replay. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

const DANGEROUS_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "role",
  "status",
  "id",
  "userId",
  "isActive",
  "toString",
];

/**
 * Text an attacker spells to slip past a check (security review L2, L8, I6): "İ", "ß", full-width
 * and combining forms, text-direction and zero-width controls, NUL and other control characters.
 */
const trickyText = fc
  .array(
    fc.constantFrom(
      "demo_admin",
      "\u0130",
      "\u00df",
      "\uff44\uff45\uff4d\uff4f",
      "i\u0307",
      "e\u0301",
      "\u202e",
      "\u2066",
      "\u200b",
      "\u0000",
      "\u001b[31m",
      "\r\nBcc: x@example.test",
      "\ud83d\ude00",
      "\ud800",
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(""));

/** Nesting around the 32-level bound, objects and arrays mixed, well under the 64 KiB limit. */
const nearTheDepthBound = fc
  .array(fc.boolean(), { minLength: 28, maxLength: 40 })
  .map((levels) => levels.reduceRight((inner, isArray) => (isArray ? `[${inner}]` : `{"a":${inner}}`), '"leaf"'));

/** JSON bodies: random values, objects with dangerous keys, extra/missing keys, deep nesting, huge strings. */
const bodyText = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .record({ username: trickyText, password: trickyText, fullName: trickyText, email: trickyText })
      .map((fields) => JSON.stringify(fields)),
  },
  { weight: 1, arbitrary: nearTheDepthBound },
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
  {
    weight: 3,
    arbitrary: fc
      .dictionary(
        fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), fc.string({ maxLength: 12 })),
        fc.jsonValue({ maxDepth: 3 }),
        {
          maxKeys: 8,
        },
      )
      // JSON.stringify drops a real __proto__ key; write it into the text as an attacker would.
      .chain((object) =>
        fc.constantFrom(JSON.stringify(object), `{"__proto__":{"polluted":true},${JSON.stringify(object).slice(1)}`),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 100, max: 20_000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 2_500_000 }).map((size) => JSON.stringify({ s: "x".repeat(size) })),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const contentType = fc.constantFrom(
  "application/json",
  "application/json",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  undefined,
);

describe("fuzz: generated requests across every REST route and tRPC procedure", () => {
  let api: TestApi;
  let admin: TestAccount;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `fuzz${Date.now()}`, RUN_WORKER: "true", RATE_LIMIT_POINTS: "100000" });
    admin = await signedInAccount(api, "admin");
  });
  afterAll(() => api.stop());

  it(`${RUNS} requests: no 5xx, no crash, Object.prototype untouched, memory bounded`, async () => {
    const procedures = Object.entries(
      appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
    )
      .filter(([, procedure]) => procedure._def.type !== "subscription")
      .map(([path, procedure]) => ({ path, type: procedure._def.type }));
    const idLike = fc.oneof(
      fc.uuid(),
      fc.string({ maxLength: 40 }).map(encodeURIComponent),
      fc.constant("..%2F..%2Fetc%2Fpasswd"),
    );
    const auth = fc.oneof(
      fc.constant<Record<string, string>>({}),
      fc.constant({ authorization: `Bearer ${admin.token}` }),
      fc.constant({ cookie: `access_token=${admin.token}` }),
      fc.string({ maxLength: 300 }).map((junk) => ({ authorization: `Bearer ${junk.replace(/[^\x20-\x7e]/g, "")}` })),
      // Another site's page riding the session cookie (security review L1).
      fc.constantFrom<Record<string, string>>(
        { cookie: `access_token=${admin.token}`, "sec-fetch-site": "cross-site", origin: "https://evil.example" },
        { cookie: `access_token=${admin.token}`, "sec-fetch-site": "same-site", origin: "http://localhost:9" },
        { cookie: `access_token=${admin.token}`, origin: "null" },
      ),
    );
    const rest = fc
      .record({
        route: fc.constantFrom(...REST_ROUTES),
        id: idLike,
        body: bodyText,
        type: contentType,
        auth,
        query: fc.jsonValue({ maxDepth: 1 }),
      })
      .map(
        ({ route, id, body, type, auth: headers, query }): FuzzRequest => ({
          method: route.method,
          path: `${route.url.replace(/:(\w+)/g, id)}?${new URLSearchParams(typeof query === "object" && query !== null && !Array.isArray(query) ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, JSON.stringify(v)])) : { q: JSON.stringify(query) })}`,
          headers: { ...headers, ...(type ? { "content-type": type } : {}) },
          body: route.method === "GET" || route.method === "DELETE" ? undefined : body,
        }),
      );
    const trpc = fc
      .record({
        calls: fc.array(fc.constantFrom(...procedures), { minLength: 1, maxLength: 40 }),
        body: bodyText,
        type: contentType,
        auth,
      })
      .map(({ calls, body, type, auth: headers }): FuzzRequest => {
        const batch = calls.length > 1;
        const path = `/trpc/${calls.map((call) => call.path).join(",")}`;
        const queries = calls.every((call) => call.type === "query");
        const input = batch ? `{"0":${body ?? "null"}}` : (body ?? "");
        return queries
          ? {
              method: "GET",
              path: `${path}?${batch ? "batch=1&" : ""}input=${encodeURIComponent(input.slice(0, 6000))}`,
              headers,
              body: undefined,
            }
          : {
              method: "POST",
              path: `${path}${batch ? "?batch=1" : ""}`,
              headers: { ...headers, ...(type ? { "content-type": type } : {}) },
              body: input,
            };
      });
    const requests = fc.sample(fc.oneof(rest, trpc), { numRuns: RUNS, seed: SEED });

    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const rssBefore = process.memoryUsage().rss;
    const serverErrors: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < requests.length) {
          const request = requests[next++];
          if (!request) continue;
          const response = await fetch(`${api.url}${request.path}`, {
            method: request.method,
            headers: request.headers,
            ...(request.body !== undefined ? { body: request.body } : {}),
          }).catch((error: unknown) => ({ status: 599, text: async () => String(error) }));
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status >= 500) {
            serverErrors.push(
              `${response.status} ${request.method} ${request.path.slice(0, 120)}: ${(await response.text()).slice(0, 200)}`,
            );
          } else if ("body" in response) {
            await response.text();
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rssGrowthMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    console.info(
      `fuzz: ${requests.length} requests in ${seconds.toFixed(1)} s (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ` +
        `rss growth ${rssGrowthMiB.toFixed(0)} MiB; server errors ${serverErrors.length}`,
    );
    expect(serverErrors.slice(0, 10)).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(rssGrowthMiB).toBeLessThan(400);
    // Still serving.
    expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
  });
});
