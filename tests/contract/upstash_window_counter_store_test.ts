import assert from "node:assert/strict";
import { Redis as TcpRedis } from "ioredis";
import { createBatchedRateLimiter } from "../../src/adapters/rate_limiter/batched_rate_limiter.ts";
import { createMemoryRateLimiter } from "../../src/adapters/rate_limiter/memory_rate_limiter.ts";
import { createUpstashRateLimiter } from "../../src/adapters/rate_limiter/upstash_rate_limiter.ts";
import { createUpstashWindowCounterStore } from "../../src/adapters/window_counter_store/upstash_window_counter_store.ts";
import type { RateLimitPolicy } from "../../src/ports/rate_limiter.ts";
import { startUpstashRestFake } from "../support/fakes/upstash_rest_fake.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";

// The batched limiter's store through the real @upstash/redis client, the REST fake and the real
// Redis named by TEST_REDIS_URL. Without it every test here is registered as ignored.
const redisUrl = Deno.env.get("TEST_REDIS_URL") ?? "";
const token = `token-${crypto.randomUUID()}`;
const prefix = `test:window_store:${crypto.randomUUID()}`;
const DAY = 86_400_000;
let policies = 0;
const freshPolicy = (limit: number): RateLimitPolicy => ({
  name: `policy-${++policies}`,
  limit,
  windowMs: DAY,
  precision: "local",
});

Deno.test({
  name: "Upstash window-counter store",
  ignore: redisUrl === "",
  async fn(t) {
    const fake = await startUpstashRestFake({ redisUrl, token });
    const tcp = new TcpRedis(redisUrl, { lazyConnect: true, retryStrategy: () => null });
    await tcp.connect();
    const options = { url: fake.url, token, timeoutMs: 2_000, prefix };
    const store = createUpstashWindowCounterStore(options);
    // On a day window the real clock stays in one window for the whole run (all but surely).
    const clock = { now: () => Date.now() };
    const window = Math.floor(Date.now() / DAY);
    try {
      await t.step("adds many keys' units in one request and answers the totals", async () => {
        const before = fake.requests;
        const totals = await store.add([
          { policy: "p", key: "a", windowMs: DAY, window, units: 3 },
          { policy: "p", key: "b", windowMs: DAY, window, units: 1 },
          { policy: "p", key: "a", windowMs: DAY, window, units: 0 },
        ]);
        assert.equal(fake.requests - before, 1, "one REST request for the batch");
        assert.deepEqual(totals, [
          { current: 3, previous: 0 },
          { current: 1, previous: 0 },
          { current: 3, previous: 0 },
        ]);
        const ttl = await tcp.pttl(`${prefix}:p:a:${window}`);
        assert.ok(ttl > DAY && ttl <= 2 * DAY + 1000, `expiry ${ttl} ms: two windows and a second`);
      });

      await t.step(
        "counts on the keys the exact limiter uses, so both see the same units",
        async () => {
          const policy = freshPolicy(10);
          const exact = createUpstashRateLimiter(options);
          await exact.consume(policy, "k");
          await exact.consume(policy, "k");
          const [totals] = await store.add([
            { policy: policy.name, key: "k", windowMs: DAY, window, units: 1 },
          ]);
          assert.deepEqual(totals, { current: 3, previous: 0 });
          assert.equal((await exact.peek(policy, "k")).remaining, 7);
        },
      );

      await t.step(
        "3 instances over one Redis: a spraying client overshoots by under 10%",
        async () => {
          const policy = freshPolicy(300); // allowance 10 per instance, 3 instances
          const limiters = Array.from({ length: 3 }, () =>
            createBatchedRateLimiter({
              store,
              exact: createMemoryRateLimiter({ clock }),
              clock,
              logger: createMemoryLogger(),
              instances: 3,
              timers: false,
            }));
          let admitted = 0;
          for (let round = 0; round < 20; round++) {
            const burst = Array.from({ length: 60 }, (_, i) => limiters[(i + round) % 3]!);
            const states = await Promise.all(burst.map((l) => l.consume(policy, "sprayer")));
            admitted += states.filter((s) => s.allowed).length;
            await Promise.all(limiters.map((l) => l.flush()));
          }
          assert.ok(admitted >= 300 && admitted <= 330, `${admitted} admitted of a limit of 300`);
          const stored = Number(await tcp.get(`${prefix}:${policy.name}:sprayer:${window}`));
          assert.equal(stored, admitted, "every admitted unit reached Redis");
        },
      );

      await t.step("units decided while Redis is down are written once it answers", async () => {
        const policy = freshPolicy(300); // allowance 7 with the default 4 instances
        const logger = createMemoryLogger();
        const limiter = createBatchedRateLimiter({
          store,
          exact: createMemoryRateLimiter({ clock }),
          clock,
          logger,
          timers: false,
        });
        fake.setMode("down");
        for (let i = 0; i < 20; i++) {
          assert.equal((await limiter.consume(policy, "k")).allowed, true, `request ${i}`);
        }
        fake.setMode("normal");
        await limiter.flush();
        assert.equal(Number(await tcp.get(`${prefix}:${policy.name}:k:${window}`)), 20);
        const messages = logger.lines.map((l) => l.message);
        assert.deepEqual(
          messages.filter((m) => String(m).startsWith("Rate limiter store")),
          [
            "Rate limiter store failed, deciding from per-instance counts",
            "Rate limiter store recovered",
          ],
        );
      });

      await t.step("clear deletes the counters around a window", async () => {
        await store.clear("p", "a", DAY, window);
        assert.equal(await tcp.exists(`${prefix}:p:a:${window}`), 0);
      });
    } finally {
      const keys = await tcp.keys(`${prefix}*`);
      if (keys.length > 0) await tcp.del(...keys);
      await tcp.quit();
      await fake.close();
    }
  },
});
