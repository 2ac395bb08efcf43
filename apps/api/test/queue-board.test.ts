import type { UserRole } from "@govconnect/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInAccount } from "../src/testing/accounts.ts";
import type { TestApi } from "../src/testing/api.ts";
import { startTestApi } from "../src/testing/api.ts";
import type { HttpOptions } from "../src/testing/http.ts";
import { http } from "../src/testing/http.ts";

let api: TestApi;
const call = (method: string, path: string, options?: HttpOptions) => http(api.url, method, path, options);

const account = (role: UserRole = "user") => signedInAccount(api, role);

beforeAll(async () => {
  api = await startTestApi({ QUEUE_PREFIX: `board${Date.now()}`, RUN_WORKER: "true", RATE_LIMIT_POINTS: "10000" });
});
afterAll(() => api.stop());

describe("the queue board at /admin/queues", () => {
  it("is for administrators only, and shows the tasks queue", async () => {
    const citizen = await account();
    const admin = await account("admin");
    expect((await call("GET", "/admin/queues")).status).toBe(401);
    expect((await call("GET", "/admin/queues/api/queues")).status).toBe(401);
    expect((await call("GET", "/admin/queues", { token: citizen.token })).status).toBe(403);
    expect((await call("GET", "/admin/queues/api/queues", { token: citizen.token })).status).toBe(403);
    // An admin session without its second factor (set up later, or a role granted meanwhile) waits for it.
    const waiting = await signedInAccount(api);
    await call("PUT", `/api/admin/users/${waiting.id}`, { token: admin.token, body: { role: "admin" } });
    const unverified = await call("GET", "/admin/queues", { token: waiting.token });
    expect(unverified.status).toBe(403);
    expect(unverified.body).toMatchObject({ error: expect.stringContaining("two-step verification") });

    const page = await call("GET", "/admin/queues", { token: admin.token });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.text).toContain("GovConnect queues");
    // Its scripts and styles load, as a browser resolves them against the page's <base>, for admins only.
    const base = page.text.match(/<base href="([^"]+)"/)?.[1] ?? "";
    const script = page.text.match(/<script[^>]* src="([^"]+)"/)?.[1] ?? "";
    const asset = new URL(script, new URL(base, "http://board.test")).pathname;
    expect(asset).toMatch(/^\/admin\/queues\/static\/js\//);
    const loaded = await call("GET", asset, { token: admin.token });
    expect(loaded.status).toBe(200);
    expect(loaded.headers["content-type"]).toMatch(/javascript/);
    expect((await call("GET", asset)).status).toBe(401);
    const queues = await call("GET", "/admin/queues/api/queues", { token: admin.token });
    expect(queues.status).toBe(200);
    expect((queues.body as { queues: Array<{ name: string }> }).queues.map((q) => q.name)).toContain("tasks");
  });
});
