import assert from "node:assert/strict";
import { and, count, eq } from "drizzle-orm";
import { createApp } from "../../src/app.ts";
import { createPgliteDatabase } from "../../src/db/clients/pglite.ts";
import { usageCounters, usageLedger } from "../../src/db/tables/billing.ts";
import { invalidateEntitlements } from "../../src/services/billing/invalidate_entitlements.ts";
import { periodAt } from "../../src/services/billing/periods.ts";
import { bearer, jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness, type Harness, TEST_PRICES } from "../support/harness.ts";
import { insertPitch } from "../support/pitch_rows.ts";
import { putSubscription } from "../support/subscriptions.ts";

interface EntitlementsBody {
  plan: string;
  status: string;
  features: { analytics: boolean; teamFeatures: boolean };
  limits: Record<string, number | null>;
  usage: Record<string, { used: number | null; limit: number | null; resetsAt: string | null }>;
}

interface PriceBody {
  amount: number;
  currency: string;
  priceId: string;
}

interface PlanBody {
  id: string;
  features: { analytics: boolean };
  limits: Record<string, number | null>;
  prices: { month: PriceBody; year: PriceBody } | null;
}

const HOUR = 60 * 60_000;

async function entitlementsOf(h: Harness, user: TestUser, app = h.app) {
  return await expectJson<EntitlementsBody>(
    await app.request("/v1/me/entitlements", bearer(user.token)),
    200,
  );
}

Deno.test("plans and entitlements", async (t) => {
  const h = await createHarness();
  try {
    await t.step("GET /v1/plans lists every plan with prices, public and cacheable", async () => {
      const response = await h.app.request("/v1/plans");
      const etag = response.headers.get("etag");
      assert.equal(response.headers.get("cache-control"), "public, max-age=3600");
      const body = await expectJson<{ items: PlanBody[] }>(response, 200);
      assert.deepEqual(body.items.map((p) => p.id), ["free", "pro", "studio"]);
      assert.equal(body.items[0]!.prices, null);
      assert.equal(body.items[0]!.limits.publishedPitches, 3);
      assert.equal(body.items[1]!.features.analytics, true);
      assert.deepEqual(body.items[1]!.prices?.month, {
        amount: 1_900,
        currency: "usd",
        priceId: TEST_PRICES.pro.month,
      });
      assert.equal(body.items[2]!.prices?.year.priceId, TEST_PRICES.studio.year);
      assert.equal(body.items[2]!.limits.publishedPitches, null, "unlimited is null");
      assert.ok(etag, "an ETag");
      const again = await h.app.request("/v1/plans", { headers: { "if-none-match": etag } });
      assert.equal(again.status, 304, await again.text());
    });

    await t.step(
      "a user without a subscription is on the free plan with usage of every limit",
      async () => {
        const user = await signUpUser(h);
        const response = await h.app.request("/v1/me/entitlements", bearer(user.token));
        assert.equal(response.headers.get("cache-control"), "private, no-store");
        const body = await expectJson<EntitlementsBody>(response, 200);
        assert.equal(body.plan, "free");
        assert.equal(body.status, "free");
        assert.deepEqual(body.features, { analytics: false, teamFeatures: false });
        assert.deepEqual(Object.keys(body.usage).sort(), [
          "boosts",
          "exports",
          "pitch-views",
          "published-pitches",
        ]);
        const now = h.clock.now();
        assert.deepEqual(body.usage.boosts, {
          used: 0,
          limit: 10,
          resetsAt: new Date(periodAt("day", now).resetsAt).toISOString(),
        });
        assert.deepEqual(body.usage["pitch-views"], {
          used: 0,
          limit: 10,
          resetsAt: new Date(periodAt("month", now).resetsAt).toISOString(),
        });
        assert.deepEqual(body.usage["published-pitches"], { used: 0, limit: 3, resetsAt: null });
      },
    );

    await t.step(
      "usage counts this period's consumption and live published pitches only",
      async () => {
        const user = await signUpUser(h);
        const consume = async (feature: string, n: number) =>
          await expectJson(
            await h.app.request(
              "/v1/entitlements/check",
              jsonRequest("POST", { feature, consume: n }, user.token),
            ),
            200,
          );
        await consume("boosts", 2);
        await consume("exports", 1);
        // Last month's views: a counter of an earlier period, which must not count now.
        const lastMonth = periodAt("month", periodAt("month", h.clock.now()).start - 1).start;
        await h.deps.database.db.insert(usageCounters).values({
          userId: user.id,
          metric: "pitch-views",
          periodStart: new Date(lastMonth),
          used: 7,
        });
        await insertPitch(h, user);
        await insertPitch(h, user, { visibility: "private" });
        await insertPitch(h, user, { status: "draft" });
        await insertPitch(h, user, { deleted: true });
        const { usage } = await entitlementsOf(h, user);
        assert.equal(usage.boosts!.used, 2);
        assert.equal(usage.exports!.used, 1);
        assert.equal(usage["pitch-views"]!.used, 0, "last month's views are not this month's");
        assert.equal(usage["published-pitches"]!.used, 2, "drafts and deleted pitches excluded");
      },
    );

    await t.step("GET /v1/me/entitlements needs a credential", async () => {
      await assertProblem(await h.app.request("/v1/me/entitlements"), 401, "unauthorized");
    });

    const cases: Array<[string, { status: string; graceUntil?: Date }, string]> = [
      ["an active pro subscription is pro", { status: "active" }, "pro"],
      ["a trialing pro subscription is pro", { status: "trialing" }, "pro"],
      [
        "a past-due subscription within its grace period is still pro",
        { status: "past_due", graceUntil: new Date(Date.now() + 24 * HOUR * 30) },
        "pro",
      ],
      [
        "a past-due subscription after its grace period is free",
        { status: "past_due", graceUntil: new Date(Date.now() - HOUR) },
        "free",
      ],
      ["a canceled subscription is free", { status: "canceled" }, "free"],
      ["an unpaid subscription is free", { status: "unpaid" }, "free"],
    ];
    for (const [name, fields, plan] of cases) {
      await t.step(name, async () => {
        const user = await signUpUser(h);
        await putSubscription(h, user.id, fields);
        const body = await entitlementsOf(h, user);
        assert.equal(body.plan, plan, JSON.stringify(body));
        assert.equal(body.status, fields.status);
        assert.equal(body.features.analytics, plan === "pro");
      });
    }

    await t.step("a cached grace period still ends on time", async () => {
      const user = await signUpUser(h);
      const graceUntil = new Date(h.clock.now() + HOUR);
      await putSubscription(h, user.id, { status: "past_due", graceUntil });
      assert.equal((await entitlementsOf(h, user)).plan, "pro");
      h.clock.advance(HOUR + 1);
      assert.equal((await entitlementsOf(h, user)).plan, "free", "no wait for the cache entry");
    });

    await t.step("a subscription change is seen once the entry is invalidated", async () => {
      const user = await signUpUser(h);
      assert.equal((await entitlementsOf(h, user)).plan, "free");
      await putSubscription(h, user.id, { plan: "studio", status: "active" });
      assert.equal((await entitlementsOf(h, user)).plan, "free", "served from the cache");
      await invalidateEntitlements(h.deps, user.id);
      const body = await entitlementsOf(h, user);
      assert.equal(body.plan, "studio");
      assert.equal(body.limits.publishedPitches, null);
    });

    await t.step("with the database down, the last known entitlements are served", async () => {
      const user = await signUpUser(h);
      await putSubscription(h, user.id, { status: "active" });
      assert.equal((await entitlementsOf(h, user)).plan, "pro");
      // Past the entitlements' freshness, so the next read refreshes, and the refresh will fail.
      h.clock.advance(6 * 60_000);
      const stranger = await signUpUser(h);
      // Credentials are cached with the database up (GET /v1/me reads no entitlements): without
      // the database nobody can sign in at all, which is not what this step is about.
      for (const who of [user, stranger]) {
        await expectJson(await h.app.request("/v1/me", bearer(who.token)), 200);
      }

      const down = await createPgliteDatabase({ dataDir: ":memory:" });
      await down.close();
      const app = createApp({ ...h.deps, database: down, db: down.db, readDb: down.db });
      for (let i = 0; i < 2; i++) {
        const body = await entitlementsOf(h, user, app);
        assert.equal(body.plan, "pro", JSON.stringify(body));
        assert.equal(body.status, "active");
        // Usage was read before the outage: its last known value is served, like the plan.
        assert.equal(body.usage.boosts!.used, 0, "the last known usage");
        assert.equal(body.usage.boosts!.limit, 100);
      }
      await h.deps.background.drain();
      assert.ok(
        h.logger.lines.some((l) => l.level === "warn" && l.message === "Cache refresh failed"),
        "the failed refresh is logged",
      );

      const body = await entitlementsOf(h, stranger, app);
      assert.equal(body.plan, "free", "a user never seen gets the free plan");
      assert.equal(body.status, "unknown");
      assert.equal(body.usage.boosts!.used, null, "usage never read could not be read");
      assert.ok(
        h.logger.lines.some((l) =>
          l.message === "Entitlements unavailable; answering the free plan"
        ),
      );
      const check = await app.request(
        "/v1/entitlements/check",
        jsonRequest("POST", { feature: "analytics" }, user.token),
      );
      assert.deepEqual((await expectJson(check, 200)).allowed, true, "features still answer");
    });

    await t.step({
      name: "with Redis down, entitlements come from Postgres",
      ignore: h.redis === undefined,
      fn: async () => {
        const user = await signUpUser(h);
        await putSubscription(h, user.id, { status: "active" });
        h.redis!.setMode("down");
        try {
          const body = await entitlementsOf(h, user);
          assert.equal(body.plan, "pro");
          assert.equal(body.usage.boosts!.used, 0);
        } finally {
          h.redis!.setMode("normal");
        }
      },
    });

    await t.step("50 concurrent consumes of 1 with 5 left allow exactly 5", async () => {
      const user = await signUpUser(h);
      const periodStart = new Date(periodAt("day", h.clock.now()).start);
      await h.deps.database.db.insert(usageCounters).values({
        userId: user.id,
        metric: "boosts",
        periodStart,
        used: 5,
      });
      const responses = await Promise.all(Array.from({ length: 50 }, () =>
        h.app.request(
          "/v1/entitlements/check",
          jsonRequest("POST", { feature: "boosts", consume: 1 }, user.token),
        )));
      const bodies = await Promise.all(
        responses.map((r) => expectJson<{ allowed: boolean; remaining: number }>(r, 200)),
      );
      assert.equal(bodies.filter((b) => b.allowed).length, 5);
      assert.deepEqual(
        bodies.filter((b) => b.allowed).map((b) => b.remaining).sort(),
        [0, 1, 2, 3, 4],
      );
      const [counter] = await h.deps.database.db.select({ used: usageCounters.used })
        .from(usageCounters).where(and(
          eq(usageCounters.userId, user.id),
          eq(usageCounters.metric, "boosts"),
        ));
      assert.equal(counter!.used, 10);
      const [ledger] = await h.deps.database.db.select({ n: count() }).from(usageLedger)
        .where(and(eq(usageLedger.userId, user.id), eq(usageLedger.metric, "boosts")));
      assert.equal(ledger!.n, 5, "one ledger row per allowed consumption");
    });

    await t.step("POST /v1/entitlements/check works with an API key", async () => {
      const user = await signUpUser(h, { verified: true });
      const minted = await expectJson<{ key: string }>(
        await h.app.request(
          "/v1/me/api-keys",
          jsonRequest("POST", { name: "ci", scopes: ["read", "write"] }, user.token),
        ),
        201,
      );
      const check = (body: unknown, key = minted.key) =>
        h.app.request("/v1/entitlements/check", jsonRequest("POST", body, key));

      assert.deepEqual(await expectJson(await check({ feature: "analytics" }), 200), {
        feature: "analytics",
        allowed: false,
        remaining: null,
        resetsAt: null,
      });
      const monthEnd = new Date(periodAt("month", h.clock.now()).resetsAt).toISOString();
      assert.deepEqual(await expectJson(await check({ feature: "exports" }), 200), {
        feature: "exports",
        allowed: true,
        remaining: 1,
        resetsAt: monthEnd,
      });
      const used = await expectJson(await check({ feature: "exports", consume: 1 }), 200);
      assert.deepEqual(used, {
        feature: "exports",
        allowed: true,
        remaining: 0,
        resetsAt: monthEnd,
      });
      const refused = await expectJson(await check({ feature: "exports", consume: 1 }), 200);
      assert.equal(refused.allowed, false);
      assert.equal(refused.remaining, 0);
      assert.deepEqual(await expectJson(await check({ feature: "published-pitches" }), 200), {
        feature: "published-pitches",
        allowed: true,
        remaining: 3,
        resetsAt: null,
      });
      const problem = await assertProblem(
        await check({ feature: "analytics", consume: 1 }),
        422,
        "validation-failed",
      );
      assert.deepEqual((problem.errors as Array<{ pointer: string }>)[0]!.pointer, "/consume");
      await assertProblem(await check({ feature: "nope" }), 422, "validation-failed");
      await assertProblem(await check({ feature: "boosts", consume: 0 }), 422, "validation-failed");

      h.clock.advance(periodAt("month", h.clock.now()).resetsAt - h.clock.now());
      const next = await expectJson(await check({ feature: "exports", consume: 1 }), 200);
      assert.equal(next.allowed, true, "a new month starts from zero");
    });
  } finally {
    await h.close();
  }
});
