import assert from "node:assert/strict";
import { withCircuitBreaker } from "../../src/adapters/cache/circuit_breaker_store.ts";
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
