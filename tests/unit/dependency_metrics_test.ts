import assert from "node:assert/strict";
import { createPromiseTracker } from "../../src/adapters/background/promise_tracker.ts";
import { withCircuitBreaker } from "../../src/adapters/cache/circuit_breaker_store.ts";
import { createMemoryLruStore } from "../../src/adapters/cache/memory_lru_store.ts";
import { createTieredCache } from "../../src/adapters/cache/tiered_cache.ts";
import { cacheNamespace } from "../../src/ports/cache.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";
import { createUpstashClient } from "../../src/adapters/upstash/upstash_client.ts";
import { withReplica } from "../../src/db/with_replica.ts";
import { poolFigures } from "../../src/db/clients/pool_settings.ts";
import type { Database } from "../../src/db/database.ts";
import { metrics } from "../../src/lib/metrics/app_metrics.ts";
import { createRemoteStoreFake } from "../support/cache_stores.ts";
import { ManualClock } from "../support/manual_clock.ts";
import { parsePrometheus, valueOf } from "../support/prometheus.ts";

function scrape() {
  const lines: string[] = [];
  metrics.write(lines);
  return parsePrometheus(lines.join("\n") + "\n");
}

Deno.test("dependency metrics", async (t) => {
  await t.step(
    "cache lookups count hits, stale serves and misses per tier and namespace",
    async () => {
      const clock = new ManualClock();
      const logger = createMemoryLogger();
      const tier = `remote-${crypto.randomUUID()}`;
      const remote = createRemoteStoreFake({ clock, name: tier });
      const ns = cacheNamespace<string>({
        name: `ns-${crypto.randomUUID()}`,
        freshMs: 1_000,
        staleMs: 5_000,
      });
      const instance = () =>
        createTieredCache({
          tiers: [createMemoryLruStore({ maxEntries: 10, clock }), remote],
          clock,
          logger,
          background: createPromiseTracker(logger),
        });
      const counts = () => {
        const scraped = scrape();
        const at = (t: string, result: string) =>
          valueOf(
            scraped,
            `pitchey_cache_lookups_total{tier="${t}",namespace="${ns.name}",result="${result}"}`,
          );
        return {
          memory: [at("memory", "hit"), at("memory", "stale"), at("memory", "miss")],
          remote: [at(tier, "hit"), at(tier, "stale"), at(tier, "miss")],
        };
      };
      const first = instance();
      const load = () => Promise.resolve("value");
      await first.swr(ns, "k", load);
      assert.deepEqual(
        counts(),
        { memory: [0, 0, 1], remote: [0, 0, 1] },
        "a cold read misses both",
      );
      await first.swr(ns, "k", load);
      assert.deepEqual(counts().memory, [1, 0, 1], "then memory answers");
      clock.advance(1_500);
      await first.swr(ns, "k", load);
      assert.deepEqual(counts().memory, [1, 1, 1], "past freshMs it is a stale serve");
      await instance().get(ns, "k");
      assert.deepEqual(counts().remote, [0, 1, 1], "a second instance finds it in the remote tier");
    },
  );

  await t.step("the circuit state goes closed, open, half-open, closed", async () => {
    const clock = new ManualClock();
    const name = `redis-${crypto.randomUUID()}`;
    const remote = createRemoteStoreFake({ clock, name });
    const store = withCircuitBreaker(remote, { failureThreshold: 2, cooldownMs: 5_000, clock });
    const state = () => valueOf(scrape(), `pitchey_cache_circuit_state{tier="${name}"}`);
    assert.equal(state(), 0);
    remote.failure = "throw";
    for (let i = 0; i < 2; i++) await assert.rejects(store.get("k"));
    assert.equal(state(), 1, "open after the threshold");
    clock.advance(5_000);
    assert.equal(state(), 2, "half-open once the cooldown is over");
    remote.failure = "none";
    await store.get("k");
    assert.equal(state(), 0, "closed after a successful trial");
  });

  await t.step("a failed Redis call is counted by effect", async () => {
    // Nothing listens on port 9 of loopback: the call fails at once.
    const client = createUpstashClient({
      url: "http://127.0.0.1:9",
      token: "t",
      timeoutMs: 1_000,
      automaticDeserialization: true,
    });
    const series = 'pitchey_redis_failures_total{effect="write"}';
    const before = valueOf(scrape(), series);
    await assert.rejects(client.call("set a key", "write", () => client.redis.set("k", "v")));
    assert.equal(valueOf(scrape(), series) - before, 1);
  });

  await t.step("pool figures: in use is open minus idle, replicas are labelled", () => {
    const figures = poolFigures({ totalCount: 7, idleCount: 3, waitingCount: 2 }, 10);
    assert.deepEqual(figures, { role: "primary", total: 7, inUse: 4, waiting: 2, max: 10 });
    const database = (pools: Database["pools"]) => ({ pools } as unknown as Database);
    const both = withReplica(database(() => [figures]), database(() => [figures]));
    assert.deepEqual(both.pools?.().map((p) => p.role), ["primary", "replica"]);
  });
});
