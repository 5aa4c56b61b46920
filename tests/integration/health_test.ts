import assert from "node:assert/strict";
import { createPgliteDatabase } from "../../src/db/clients/pglite.ts";
import { createTcpDatabase } from "../../src/db/clients/tcp.ts";
import { signUpUser } from "../support/accounts.ts";
import { expectJson } from "../support/assertions.ts";
import { createRemoteStoreFake } from "../support/cache_stores.ts";
import { createHarness } from "../support/harness.ts";
import { ManualClock } from "../support/manual_clock.ts";

interface ReadinessBody {
  status: string;
  region: string;
  database: { ok: boolean; driver: string; latencyMs: number; error?: string };
  cache: Array<{ tier: string; ok: boolean; latencyMs: number; error?: string }>;
  outbox?: { depth: number; oldestPendingAgeMs: number };
}

Deno.test("GET /health answers without touching any dependency", async () => {
  const database = await createPgliteDatabase({ dataDir: ":memory:" });
  await database.close();
  const h = await createHarness({ database });
  try {
    const response = await h.app.request("/health");
    const body = await expectJson(response, 200);
    assert.deepEqual(body, { status: "ok", region: "test" });
    assert.equal(response.headers.get("cache-control"), "no-store");
  } finally {
    await h.close();
  }
});

Deno.test("GET /health/ready reports the database and every cache tier", async () => {
  const h = await createHarness();
  try {
    const body = await expectJson<ReadinessBody>(await h.app.request("/health/ready"), 200);
    assert.equal(body.status, "ok", JSON.stringify(body));
    assert.equal(body.database.ok, true);
    assert.equal(body.database.driver, h.deps.database.driver);
    assert.equal(typeof body.database.latencyMs, "number");
    assert.equal(body.cache[0]?.tier, "memory");
    assert.ok(body.cache.every((tier) => tier.ok), JSON.stringify(body.cache));
    if (h.redis) assert.deepEqual(body.cache.map((c) => c.tier), ["memory", "redis"]);
    assert.deepEqual(body.outbox, { depth: 0, oldestPendingAgeMs: 0 });
  } finally {
    await h.close();
  }
});

Deno.test("GET /health/ready is 503 when the database is down", async (t) => {
  await t.step("an unreachable Postgres server", async () => {
    // Port 1 refuses connections at once: the state of a database host that is down.
    const database = createTcpDatabase({ url: "postgres://postgres@127.0.0.1:1/none", poolMax: 1 });
    const h = await createHarness({ database });
    try {
      const response = await h.app.request("/health/ready");
      const body = await expectJson<ReadinessBody>(response, 503);
      assert.equal(body.status, "unavailable");
      assert.deepEqual(
        { ok: body.database.ok, error: body.database.error },
        { ok: false, error: "unreachable" },
      );
      assert.ok(!JSON.stringify(body).includes("127.0.0.1"), "no connection details leak");
    } finally {
      await h.close();
    }
  });

  await t.step("an embedded database that has been closed", async () => {
    const database = await createPgliteDatabase({ dataDir: ":memory:" });
    await database.close();
    const h = await createHarness({ database });
    try {
      const body = await expectJson<ReadinessBody>(await h.app.request("/health/ready"), 503);
      assert.equal(body.database.ok, false);
    } finally {
      await h.close();
    }
  });
});

Deno.test("GET /health/ready is 200 degraded when only a cache tier fails", async () => {
  const redis = createRemoteStoreFake({ clock: new ManualClock(), name: "redis" });
  redis.failure = "throw";
  const h = await createHarness({ lowerTiers: [redis] });
  try {
    const body = await expectJson<ReadinessBody>(await h.app.request("/health/ready"), 200);
    assert.equal(body.status, "degraded", JSON.stringify(body));
    assert.equal(body.database.ok, true);
    const tiers = Object.fromEntries(body.cache.map((c) => [c.tier, c.ok]));
    assert.deepEqual(tiers, { memory: true, redis: false });
  } finally {
    await h.close();
  }
});

Deno.test("GET /health/ready is 200 degraded when real Redis behind Upstash is down", {
  ignore: !Deno.env.get("TEST_REDIS_URL"),
}, async () => {
  const h = await createHarness();
  try {
    assert.ok(h.redis, "the harness starts the Upstash fake when TEST_REDIS_URL is set");
    h.redis.setMode("down");
    const body = await expectJson<ReadinessBody>(await h.app.request("/health/ready"), 200);
    assert.equal(body.status, "degraded", JSON.stringify(body));
    assert.equal(body.cache.find((c) => c.tier === "redis")?.ok, false);
  } finally {
    await h.close();
  }
});

Deno.test("GET /health/ready shows jobs waiting in the outbox while the queue is down", async () => {
  const h = await createHarness({
    queue: (inner) => ({ ...inner, enqueue: () => Promise.reject(new Error("queue down")) }),
  });
  try {
    await signUpUser(h);
    await h.deps.background.drain();
    h.clock.advance(5_000);
    const body = await expectJson<ReadinessBody>(await h.app.request("/health/ready"), 200);
    assert.equal(body.outbox?.depth, 1, JSON.stringify(body));
    assert.equal(body.outbox?.oldestPendingAgeMs, 5_000, JSON.stringify(body));
  } finally {
    await h.close();
  }
});
