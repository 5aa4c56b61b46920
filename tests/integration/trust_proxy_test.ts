import assert from "node:assert/strict";
import { createMemoryRateLimiter } from "../../src/adapters/rate_limiter/memory_rate_limiter.ts";
import type { TrustProxy } from "../../src/lib/settings.ts";
import { fromIp } from "../support/accounts.ts";
import { createHarness, type Harness } from "../support/harness.ts";

/**
 * Switches the running app to `trustProxy` with fresh counters: the setting is read per request,
 * so one harness (one database migration) serves every mode.
 */
function use(h: Harness, trustProxy: TrustProxy): void {
  h.deps.settings.trustProxy = trustProxy;
  // Counted on the manual clock whatever TEST_REDIS_URL selects, so windows cannot roll over.
  h.deps.rateLimiter = createMemoryRateLimiter({ clock: h.clock });
}

/** GET /v1/pitches from `socket` with `headers`; the status, body drained. */
async function list(h: Harness, socket: string, headers: Record<string, string> = {}) {
  const response = await h.app.request("/v1/pitches", { headers }, fromIp(socket));
  const body = await response.text();
  return { status: response.status, body };
}

async function assertStatuses(
  h: Harness,
  requests: [string, Record<string, string>][],
  expected: number[],
): Promise<void> {
  const seen = [];
  for (const [socket, headers] of requests) seen.push(await list(h, socket, headers));
  assert.deepEqual(
    seen.map((s) => s.status),
    expected,
    `bodies: ${seen.map((s) => s.body.slice(0, 120)).join(" | ")}`,
  );
}

Deno.test("per-address limits follow TRUST_PROXY", async (t) => {
  // Two anonymous requests a minute per address, so the third from one key is a 429.
  const h = await createHarness({ rateLimits: { anonymousPerMinute: 2 } });
  try {
    await t.step("none: one socket shares a budget whatever X-Forwarded-For says", async () => {
      use(h, { kind: "none" });
      await assertStatuses(h, [
        ["192.0.2.1", { "x-forwarded-for": "203.0.113.1" }],
        ["192.0.2.1", { "x-forwarded-for": "203.0.113.2", "cf-connecting-ip": "203.0.113.3" }],
        ["192.0.2.1", { "x-forwarded-for": "203.0.113.4" }],
      ], [200, 200, 429]);
    });

    await t.step("cloudflare: clients behind one edge address get their own budgets", async () => {
      use(h, { kind: "cloudflare" });
      const edge = "172.70.1.1";
      await assertStatuses(h, [
        [edge, { "cf-connecting-ip": "203.0.113.1" }],
        [edge, { "cf-connecting-ip": "203.0.113.1" }],
        [edge, { "cf-connecting-ip": "203.0.113.2" }],
        [edge, { "cf-connecting-ip": "203.0.113.1" }],
      ], [200, 200, 200, 429]);
    });

    await t.step("xff:1: a client's own X-Forwarded-For cannot change its key", async () => {
      use(h, { kind: "xff", hops: 1 });
      const proxy = "10.0.0.5";
      // The trusted proxy appends the address it saw (203.0.113.7) after whatever the client sent.
      await assertStatuses(h, [
        [proxy, { "x-forwarded-for": "203.0.113.7" }],
        [proxy, { "x-forwarded-for": "1.1.1.1, 203.0.113.7" }],
        [proxy, { "x-forwarded-for": "2.2.2.2, 3.3.3.3, 203.0.113.7" }],
        [proxy, { "x-forwarded-for": "203.0.113.8" }],
      ], [200, 200, 429, 200]);
    });

    await t.step("xff:2: the entry the outer proxy appended is the key", async () => {
      use(h, { kind: "xff", hops: 2 });
      const inner = "10.0.0.6";
      await assertStatuses(h, [
        [inner, { "x-forwarded-for": "9.9.9.9, 203.0.113.7, 10.0.0.1" }],
        [inner, { "x-forwarded-for": "203.0.113.7, 10.0.0.2" }],
        [inner, { "x-forwarded-for": "8.8.8.8, 203.0.113.7, 10.0.0.1" }],
      ], [200, 200, 429]);
    });

    await t.step("xff:1 without the header counts the socket address", async () => {
      use(h, { kind: "xff", hops: 1 });
      await assertStatuses(h, [
        ["198.51.100.1", {}],
        ["198.51.100.1", { "x-forwarded-for": "" }],
        ["198.51.100.1", { "x-forwarded-for": "not an address" }],
        ["198.51.100.2", {}],
      ], [200, 200, 429, 200]);
    });

    await t.step("IPv6 clients in one /64 share a budget; another /64 has its own", async () => {
      use(h, { kind: "none" });
      await assertStatuses(h, [
        ["2001:db8:1:2::1", {}],
        ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", {}],
        ["2001:db8:1:2::ffff", {}],
        ["2001:db8:1:3::1", {}],
        ["::ffff:198.51.100.9", {}],
        ["198.51.100.9", {}],
        ["198.51.100.9", {}],
      ], [200, 200, 429, 200, 200, 200, 429]);
    });
  } finally {
    await h.close();
  }
});
