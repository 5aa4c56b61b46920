import assert from "node:assert/strict";
import { jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";

/**
 * Who may call what, for every route in the app. Adding a route without a row here fails the
 * "covers every route" step, so no route escapes the authorization checks.
 */
type Access =
  | "public"
  | "signed-in"
  | "session"
  | "creator"
  | "owner"
  | "admin"
  | "queue-signature"
  /** Authenticated by the payment provider's signature: without a valid one, a 400. */
  | "provider-signature";

type Caller = "anonymous" | "owner" | "other" | "admin" | "read-key" | "write-key";

interface Row {
  method: string;
  /** Hono's pattern, as `app.routes` lists it. */
  pattern: string;
  access: Access;
  /** A request a permitted caller could plausibly send; `owner` is the resource's owner. */
  probe: (f: Fixture, caller: Caller) => { path: string; body?: unknown };
  /** Statuses by caller for routes whose answer depends on ownership. */
  expect?: Partial<Record<Caller, number>>;
}

interface Fixture {
  owner: TestUser;
  other: TestUser;
  admin: TestUser;
  readKey: string;
  writeKey: string;
  ownerKeyIds: string[];
  /** A published pitch of `owner` per caller, so one caller's change cannot affect another's. */
  pitches: Record<Caller, string>;
}

const ROWS: Row[] = [
  { method: "GET", pattern: "/health", access: "public", probe: () => ({ path: "/health" }) },
  {
    method: "GET",
    pattern: "/health/ready",
    access: "public",
    probe: () => ({ path: "/health/ready" }),
  },
  {
    method: "GET",
    pattern: "/openapi.json",
    access: "public",
    probe: () => ({ path: "/openapi.json" }),
  },
  { method: "GET", pattern: "/docs", access: "public", probe: () => ({ path: "/docs" }) },
  {
    method: "GET",
    pattern: "/problems/:slug",
    access: "public",
    probe: () => ({ path: "/problems/not-found" }),
  },
  {
    method: "POST",
    pattern: "/jobs/:name",
    access: "queue-signature",
    probe: () => ({ path: "/jobs/send-email", body: {} }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/signup",
    access: "public",
    probe: () => ({
      path: "/v1/auth/signup",
      body: { email: "taken", password: "x", name: "", role: "creator" },
    }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/login",
    access: "public",
    probe: () => ({ path: "/v1/auth/login", body: {} }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/logout",
    access: "session",
    probe: () => ({ path: "/v1/auth/logout" }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/verify-email",
    access: "public",
    probe: () => ({ path: "/v1/auth/verify-email", body: { token: "nope" } }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/password-reset",
    access: "public",
    probe: () => ({ path: "/v1/auth/password-reset", body: {} }),
  },
  {
    method: "POST",
    pattern: "/v1/auth/password-reset/confirm",
    access: "public",
    probe: () => ({
      path: "/v1/auth/password-reset/confirm",
      body: { token: "nope", password: "long enough password" },
    }),
  },
  { method: "GET", pattern: "/v1/me", access: "signed-in", probe: () => ({ path: "/v1/me" }) },
  {
    method: "PATCH",
    pattern: "/v1/me",
    access: "signed-in",
    probe: () => ({ path: "/v1/me", body: {} }),
  },
  { method: "DELETE", pattern: "/v1/me", access: "session", probe: () => ({ path: "/v1/me" }) },
  {
    method: "GET",
    pattern: "/v1/users/:id",
    access: "public",
    probe: (f) => ({ path: `/v1/users/${f.owner.id}` }),
  },
  {
    method: "POST",
    pattern: "/v1/me/api-keys",
    access: "session",
    probe: () => ({ path: "/v1/me/api-keys", body: { name: "k", scopes: ["read"] } }),
  },
  {
    method: "GET",
    pattern: "/v1/me/api-keys",
    access: "session",
    probe: () => ({ path: "/v1/me/api-keys" }),
  },
  {
    method: "DELETE",
    pattern: "/v1/me/api-keys/:id",
    access: "session",
    // The owner is probed last, so the key still exists for every other caller.
    probe: (f) => ({ path: `/v1/me/api-keys/${f.ownerKeyIds[0]}` }),
    expect: { owner: 204, other: 404, admin: 404 },
  },
  {
    method: "GET",
    pattern: "/v1/admin/users",
    access: "admin",
    probe: () => ({ path: "/v1/admin/users" }),
  },
  {
    method: "GET",
    pattern: "/v1/pitches",
    access: "public",
    probe: () => ({ path: "/v1/pitches" }),
  },
  {
    method: "GET",
    pattern: "/v1/me/pitches",
    access: "signed-in",
    probe: () => ({ path: "/v1/me/pitches" }),
  },
  {
    method: "POST",
    pattern: "/v1/pitches",
    access: "creator",
    probe: () => ({
      path: "/v1/pitches",
      body: { title: "T", logline: "L", genre: "drama", format: "feature" },
    }),
  },
  {
    method: "GET",
    pattern: "/v1/pitches/:id",
    access: "public",
    probe: (f, caller) => ({ path: `/v1/pitches/${f.pitches[caller]}` }),
  },
  {
    method: "PATCH",
    pattern: "/v1/pitches/:id",
    access: "owner",
    probe: (f, caller) => ({ path: `/v1/pitches/${f.pitches[caller]}`, body: { title: "New" } }),
  },
  {
    method: "POST",
    pattern: "/v1/pitches/:id/publish",
    access: "owner",
    probe: (f, caller) => ({ path: `/v1/pitches/${f.pitches[caller]}/publish` }),
  },
  {
    method: "POST",
    pattern: "/v1/pitches/:id/archive",
    access: "owner",
    probe: (f, caller) => ({ path: `/v1/pitches/${f.pitches[caller]}/archive` }),
  },
  {
    method: "DELETE",
    pattern: "/v1/pitches/:id",
    access: "owner",
    probe: (f, caller) => ({ path: `/v1/pitches/${f.pitches[caller]}` }),
  },
  {
    method: "PUT",
    pattern: "/v1/pitches/:id/save",
    access: "signed-in",
    probe: (f) => ({ path: `/v1/pitches/${f.pitches.owner}/save` }),
  },
  {
    method: "DELETE",
    pattern: "/v1/pitches/:id/save",
    access: "signed-in",
    probe: (f) => ({ path: `/v1/pitches/${f.pitches.owner}/save` }),
  },
  {
    method: "GET",
    pattern: "/v1/me/saved",
    access: "signed-in",
    probe: () => ({ path: "/v1/me/saved" }),
  },
  {
    method: "PUT",
    pattern: "/v1/users/:id/follow",
    access: "signed-in",
    probe: (f, caller) => ({ path: `/v1/users/${followTarget(f, caller)}/follow` }),
  },
  {
    method: "DELETE",
    pattern: "/v1/users/:id/follow",
    access: "signed-in",
    probe: (f, caller) => ({ path: `/v1/users/${followTarget(f, caller)}/follow` }),
  },
  {
    method: "GET",
    pattern: "/v1/me/following",
    access: "signed-in",
    probe: () => ({ path: "/v1/me/following" }),
  },
  {
    method: "GET",
    pattern: "/v1/me/feed",
    access: "signed-in",
    probe: () => ({ path: "/v1/me/feed" }),
  },
  { method: "GET", pattern: "/v1/plans", access: "public", probe: () => ({ path: "/v1/plans" }) },
  {
    method: "GET",
    pattern: "/v1/me/entitlements",
    access: "signed-in",
    probe: () => ({ path: "/v1/me/entitlements" }),
  },
  {
    method: "POST",
    pattern: "/v1/entitlements/check",
    access: "signed-in",
    probe: () => ({ path: "/v1/entitlements/check", body: { feature: "boosts" } }),
  },
  {
    method: "POST",
    pattern: "/v1/pitches/:id/boost",
    access: "owner",
    probe: (f, caller) => ({ path: `/v1/pitches/${f.pitches[caller]}/boost` }),
  },
  {
    method: "GET",
    pattern: "/v1/pitches/:id/analytics",
    access: "owner",
    probe: (f, caller) => ({ path: `/v1/pitches/${f.pitches[caller]}/analytics` }),
  },
  {
    method: "POST",
    pattern: "/v1/me/exports",
    access: "signed-in",
    probe: () => ({ path: "/v1/me/exports", body: { kind: "pitch-performance" } }),
  },
  {
    method: "GET",
    pattern: "/v1/me/exports",
    access: "signed-in",
    probe: () => ({ path: "/v1/me/exports" }),
  },
  {
    method: "GET",
    pattern: "/v1/me/exports/:id",
    access: "signed-in",
    // Exports are private to their owner: an id nobody owns is 404 to every signed-in caller.
    probe: () => ({ path: "/v1/me/exports/exp_matrix_unknown" }),
    expect: { owner: 404, other: 404, admin: 404, "read-key": 404, "write-key": 404 },
  },
  {
    method: "GET",
    pattern: "/v1/me/exports/:id/download",
    access: "signed-in",
    probe: () => ({ path: "/v1/me/exports/exp_matrix_unknown/download" }),
    expect: { owner: 404, other: 404, admin: 404, "read-key": 404, "write-key": 404 },
  },
  {
    method: "PATCH",
    pattern: "/v1/admin/users/:id",
    access: "admin",
    probe: (f) => ({ path: `/v1/admin/users/${f.other.id}`, body: { role: "investor" } }),
  },
  {
    method: "POST",
    pattern: "/v1/billing/checkout",
    access: "session",
    probe: () => ({ path: "/v1/billing/checkout", body: { plan: "pro", interval: "month" } }),
  },
  {
    method: "POST",
    pattern: "/v1/billing/portal",
    access: "session",
    probe: () => ({ path: "/v1/billing/portal" }),
  },
  {
    method: "POST",
    pattern: "/webhooks/stripe",
    access: "provider-signature",
    probe: () => ({ path: "/webhooks/stripe", body: { id: "evt_unsigned" } }),
  },
  {
    method: "GET",
    pattern: "/dev/checkout/:sessionId",
    access: "public",
    probe: () => ({ path: "/dev/checkout/cs_dev_unknown" }),
  },
  {
    method: "GET",
    pattern: "/dev/portal/:customerId",
    access: "public",
    probe: () => ({ path: "/dev/portal/cus_dev_unknown" }),
  },
];

/** The status classes a caller must (not) get for each access level. */
const SESSION_ENDING = new Set(["POST /v1/auth/logout", "DELETE /v1/me"]);

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function verdict(
  access: Access,
  caller: Caller,
  method: string,
): "allowed" | 400 | 401 | 403 | 404 {
  // A read-only key is refused on every change, even on routes that need no credential at all.
  if (caller === "read-key" && MUTATING.has(method)) return 403;
  if (access === "public") return "allowed";
  if (access === "queue-signature") return 404; // no HTTP delivery with the in-process queue
  if (access === "provider-signature") return 400; // no caller holds a provider signature
  if (caller === "anonymous") return 401;
  const key = caller === "read-key" || caller === "write-key";
  if (access === "session" && key) return 403;
  if (access === "admin" && caller !== "admin") return 403;
  // The owner's keys act as the owner (a creator); the other user is an investor.
  if (access === "creator" && (caller === "other" || caller === "admin")) return 403;
  // Someone else's readable pitch: visible, so changing it is forbidden rather than not found.
  if (access === "owner" && (caller === "other" || caller === "admin")) return 403;
  return "allowed";
}

async function fixture(h: Harness): Promise<Fixture> {
  const owner = await signUpUser(h, { role: "creator" });
  // Studio: the owner publishes a pitch per caller and reads plan-gated analytics.
  await putSubscription(h, owner.id, { plan: "studio", status: "active" });
  const other = await signUpUser(h, { role: "investor" });
  const admin = await signUpUser(h, { role: "admin" });
  const mint = async (scopes: string[]) => {
    const response = await h.app.request(
      "/v1/me/api-keys",
      jsonRequest("POST", { name: "m", scopes }, owner.token),
    );
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as { id: string; key: string };
  };
  const read = await mint(["read"]);
  const write = await mint(["read", "write"]);
  const spare = await Promise.all([1, 2, 3, 4].map(() => mint(["read"])));
  const everyone: Caller[] = ["anonymous", "owner", "other", "admin", "read-key", "write-key"];
  const pitches = {} as Record<Caller, string>;
  for (const caller of everyone) pitches[caller] = (await createPitch(h, owner.token)).id;
  return {
    owner,
    other,
    admin,
    readKey: read.key,
    writeKey: write.key,
    ownerKeyIds: spare.map((k) => k.id),
    pitches,
  };
}

/** Somebody other than the caller to follow (following yourself is a 400). */
function followTarget(f: Fixture, caller: Caller): string {
  return caller === "other" ? f.owner.id : f.other.id;
}

function tokenOf(f: Fixture, caller: Caller): string | undefined {
  return {
    anonymous: undefined,
    owner: f.owner.token,
    other: f.other.token,
    admin: f.admin.token,
    "read-key": f.readKey,
    "write-key": f.writeKey,
  }[caller];
}

Deno.test("authorization matrix over every route", async (t) => {
  const h = await createHarness();
  try {
    const f = await fixture(h);

    await t.step("the matrix covers every route of the app", () => {
      const routes = new Set(
        h.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`),
      );
      const rows = new Set(ROWS.map((r) => `${r.method} ${r.pattern}`));
      assert.deepEqual([...routes].filter((r) => !rows.has(r)), [], "routes without a matrix row");
      assert.deepEqual([...rows].filter((r) => !routes.has(r)), [], "rows without a route");
    });

    const callers: Caller[] = ["anonymous", "read-key", "write-key", "other", "admin", "owner"];
    for (const row of ROWS) {
      // Logging out or deleting the account would end the fixture's sessions: those two are
      // probed below, with throwaway users.
      if (SESSION_ENDING.has(`${row.method} ${row.pattern}`)) continue;
      await t.step(`${row.method} ${row.pattern}`, async () => {
        for (const caller of callers) {
          const { path, body } = row.probe(f, caller);
          const response = await h.app.request(
            path,
            jsonRequest(row.method, body, tokenOf(f, caller)),
          );
          const text = await response.text();
          const expected = row.expect?.[caller] ?? verdict(row.access, caller, row.method);
          const where = `${caller} -> ${row.method} ${path}: ${response.status} ${
            text.slice(0, 200)
          }`;
          if (expected === "allowed") {
            assert.ok(![401, 403].includes(response.status), where);
          } else {
            assert.equal(response.status, expected, where);
          }
        }
      });
    }

    await t.step("POST /v1/auth/logout", async () => {
      const anonymous = await h.app.request("/v1/auth/logout", { method: "POST" });
      assert.equal(anonymous.status, 401);
      const key = await h.app.request(
        "/v1/auth/logout",
        jsonRequest("POST", undefined, f.writeKey),
      );
      assert.equal(key.status, 403, "an API key is not a session");
      const user = await signUpUser(h);
      const own = await h.app.request(
        "/v1/auth/logout",
        jsonRequest("POST", undefined, user.token),
      );
      assert.equal(own.status, 204, await own.text());
      await Promise.all([anonymous, key].map((r) => r.body?.cancel()));
    });

    await t.step("DELETE /v1/me", async () => {
      const victim = await signUpUser(h);
      const anonymous = await h.app.request("/v1/me", { method: "DELETE" });
      assert.equal(anonymous.status, 401);
      const key = await h.app.request("/v1/me", jsonRequest("DELETE", undefined, f.writeKey));
      assert.equal(key.status, 403, "an API key cannot delete the account");
      const own = await h.app.request("/v1/me", jsonRequest("DELETE", undefined, victim.token));
      assert.equal(own.status, 204, await own.text());
      await Promise.all([anonymous, key].map((r) => r.body?.cancel()));
    });
  } finally {
    await h.close();
  }
});
