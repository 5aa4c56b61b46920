import assert from "node:assert/strict";
import {
  createBatchedRateLimiter,
  localAllowance,
} from "../../src/adapters/rate_limiter/batched_rate_limiter.ts";
import { createMemoryRateLimiter } from "../../src/adapters/rate_limiter/memory_rate_limiter.ts";
import { createMemoryWindowCounterStore } from "../../src/adapters/window_counter_store/memory_window_counter_store.ts";
import { createUpstashWindowCounterStore } from "../../src/adapters/window_counter_store/upstash_window_counter_store.ts";
import type { RateLimiter, RateLimitPolicy } from "../../src/ports/rate_limiter.ts";
import type { WindowCounterStore } from "../../src/ports/window_counter_store.ts";
import { ManualClock } from "../support/manual_clock.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";

const MINUTE = 60_000;
const local = (limit: number): RateLimitPolicy => ({
  name: "api-ip",
  limit,
  windowMs: MINUTE,
  precision: "local",
});

/** `n` instances (one limiter each) over one shared store, on one manual clock, without timers. */
function cluster(n: number, options: { instances?: number; store?: WindowCounterStore } = {}) {
  const clock = new ManualClock();
  const memory = createMemoryWindowCounterStore();
  const store = options.store ?? memory;
  const logger = createMemoryLogger();
  const limiters = Array.from({ length: n }, () =>
    createBatchedRateLimiter({
      store,
      exact: createMemoryRateLimiter({ clock }),
      clock,
      logger,
      instances: options.instances ?? n,
      maxOvershootPercent: 10,
      timers: false,
    }));
  return {
    clock,
    /** Calls made to the default memory store. */
    calls: () => memory.calls,
    logger,
    limiters,
    flushAll: () => Promise.all(limiters.map((l) => l.flush())),
  };
}

/** A deterministic sequence in [0, 1) (mulberry32), so a "random" spray is the same every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function admitted(limiter: RateLimiter, policy: RateLimitPolicy, key: string) {
  return (await limiter.consume(policy, key)).allowed ? 1 : 0;
}

Deno.test("batched rate limiter", async (t) => {
  await t.step("the allowance is limit x percent / instances, rounded down", () => {
    assert.equal(localAllowance(300, 4, 10), 7);
    assert.equal(localAllowance(600, 4, 10), 15);
    assert.equal(localAllowance(20, 4, 10), 0, "too small to share out: decided exactly");
  });

  await t.step(
    "exact policies, and local ones too small to share, go to the exact limiter",
    async () => {
      const { limiters: [limiter], calls } = cluster(1, { instances: 4 });
      const login: RateLimitPolicy = {
        name: "login-x",
        limit: 5,
        windowMs: MINUTE,
        precision: "exact",
      };
      for (let i = 0; i < 5; i++) assert.equal((await limiter!.consume(login, "k")).allowed, true);
      assert.equal(
        (await limiter!.consume(login, "k")).allowed,
        false,
        "the sixth attempt is refused",
      );
      assert.equal((await limiter!.consume(local(20), "k")).allowed, true);
      await limiter!.flush();
      assert.equal(calls(), 0, "nothing went through the batched store");
    },
  );

  await t.step(
    "decides locally and writes every dirty key in one store call per flush",
    async () => {
      const { limiters: [limiter], calls } = cluster(1, { instances: 4 });
      const policy = local(400); // allowance 10
      for (let i = 0; i < 9; i++) await limiter!.consume(policy, "alice");
      for (let i = 0; i < 5; i++) await limiter!.consume(policy, `user-${i}`);
      assert.equal(calls(), 0, "no store call while every key is within its allowance");
      await limiter!.flush();
      assert.equal(calls(), 1, "one call for the six dirty keys");
      await limiter!.flush();
      assert.equal(calls(), 1, "nothing held: no call");
      const state = await limiter!.consume(policy, "alice");
      assert.equal(state.remaining, 400 - 10, "the state counts what the store confirmed");
    },
  );

  await t.step("3 instances: a client spraying requests overshoots by under 10%", async () => {
    for (const seed of [1, 2, 3]) {
      const { clock, limiters, flushAll } = cluster(3);
      const policy = local(300); // allowance 10 per instance, bound 3 x 10 = 30
      const next = prng(seed);
      let total = 0;
      // 3,000 requests in the first 30 s of one fixed window, flushes every 500 ms on each instance,
      // plus bursts sent concurrently so some decisions see a flush in flight.
      for (let tick = 0; tick < 60; tick++) {
        const burst = Array.from({ length: 50 }, () => limiters[Math.floor(next() * 3)]!);
        const results = await Promise.all(burst.map((l) => admitted(l, policy, "1.2.3.4")));
        total += results.reduce((a: number, b) => a + b, 0);
        clock.advance(500);
        await flushAll();
      }
      assert.ok(total <= 330, `seed ${seed}: ${total} admitted, over 300 x 1.10`);
      assert.ok(total >= 300, `seed ${seed}: only ${total} admitted of a limit of 300`);
    }
  });

  await t.step("a client under the limit is never refused, across window turns", async () => {
    const { clock, limiters, flushAll } = cluster(3);
    const policy = local(300);
    const next = prng(7);
    // 270 a minute (90% of the limit) for five minutes, each request to a random instance.
    for (let i = 0; i < 5 * 270; i++) {
      const limiter = limiters[Math.floor(next() * 3)]!;
      const state = await limiter.consume(policy, "steady");
      assert.equal(state.allowed, true, `request ${i} refused: ${JSON.stringify(state)}`);
      clock.advance(MINUTE / 270);
      if (i % 30 === 0) await flushAll();
    }
  });

  await t.step("a refusal says when to retry", async () => {
    const { limiters: [limiter] } = cluster(1);
    const policy = local(100);
    for (let i = 0; i < 100; i++) await limiter!.consume(policy, "k");
    const state = await limiter!.consume(policy, "k");
    assert.equal(state.allowed, false);
    assert.ok(state.retryAfterSeconds >= 1, JSON.stringify(state));
  });

  await t.step("units held over a window turn are written to their own window", async () => {
    const { clock, limiters: [a, b] } = cluster(2, { instances: 2 });
    const policy = local(1000); // allowance 50
    for (let i = 0; i < 40; i++) await a!.consume(policy, "k");
    clock.advance(MINUTE); // the next window, at its start: the previous one weighs fully
    await a!.consume(policy, "k");
    await a!.flush();
    await b!.consume(policy, "k");
    await b!.flush();
    const seen = await b!.peek(policy, "k");
    assert.equal(seen.remaining, 1000 - 40 - 2, "the other instance sees both windows' units");
  });

  await t.step("reset forgets local and shared counts", async () => {
    const { limiters: [a, b] } = cluster(2, { instances: 2 });
    const policy = local(1000);
    for (let i = 0; i < 30; i++) await a!.consume(policy, "k");
    await a!.flush();
    await a!.reset(policy, "k");
    await b!.consume(policy, "k");
    await b!.flush();
    assert.equal((await b!.peek(policy, "k")).remaining, 999);
  });

  await t.step("a timer writes held units on its own, and stops when nothing is held", async () => {
    const clock = new ManualClock();
    const store = createMemoryWindowCounterStore();
    const limiter = createBatchedRateLimiter({
      store,
      exact: createMemoryRateLimiter({ clock }),
      clock,
      logger: createMemoryLogger(),
      flushIntervalMs: 20,
    });
    await limiter.consume(local(300), "k");
    await limiter.consume(local(300), "other");
    assert.equal(store.calls, 0);
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(store.calls, 1, "one write for both keys, and no more once nothing is held");
  });

  await t.step(
    "with the store unreachable it keeps deciding locally, waiting at most once",
    async () => {
      const store = createUpstashWindowCounterStore({
        url: "http://127.0.0.1:9",
        token: "t",
        timeoutMs: 500,
        prefix: "test",
      });
      const { limiters: [limiter], logger } = cluster(1, { store, instances: 4 });
      const policy = local(300); // allowance 7
      let allowed = 0;
      const started = performance.now();
      for (let i = 0; i < 320; i++) allowed += await admitted(limiter!, policy, "k");
      const ms = performance.now() - started;
      assert.equal(allowed, 300, "the per-instance count still limits");
      assert.ok(ms < 2_000, `320 decisions took ${ms} ms`);
      const warnings = logger.lines.filter((l) => l.level === "warn");
      assert.equal(warnings.length, 1, "one warning for the outage, not one per request");
      await limiter!.flush();
    },
  );
});
