import assert from "node:assert/strict";
import { Redis as TcpRedis } from "ioredis";
import { createPromiseTracker } from "../../src/adapters/background/promise_tracker.ts";
import { createMemoryLruStore } from "../../src/adapters/cache/memory_lru_store.ts";
import { createTieredCache } from "../../src/adapters/cache/tiered_cache.ts";
import { createUpstashRedisStore } from "../../src/adapters/cache/upstash_redis_store.ts";
import { buildCache } from "../../src/deps.ts";
import { cacheNamespace } from "../../src/ports/cache.ts";
import { startUpstashRestFake } from "../support/fakes/upstash_rest_fake.ts";
import { ManualClock } from "../support/manual_clock.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";
import type { CacheConfig } from "../../src/config/types.ts";

const redisUrl = Deno.env.get("TEST_REDIS_URL");
const TOKEN = "cache-redis-test-token";
const profiles = cacheNamespace<{ name: string }>({
  name: "profile",
  freshMs: 60_000,
  staleMs: 300_000,
  negativeMs: 30_000,
});

/**
 * Two instances (think: two Deno Deploy regions) each with their own memory tier over one real
 * Redis reached through the real @upstash/redis client.
 */
Deno.test("tiered cache over real Redis through @upstash/redis", {
  ignore: !redisUrl,
}, async (t) => {
  const fake = await startUpstashRestFake({ redisUrl: redisUrl!, token: TOKEN });
  const clock = new ManualClock(Date.now());
  const prefix = `test:cache_redis:${crypto.randomUUID()}:`;
  const instance = () => {
    const logger = createMemoryLogger();
    const background = createPromiseTracker(logger);
    const redis = createUpstashRedisStore({
      url: fake.url,
      token: TOKEN,
      timeoutMs: 200,
      prefix,
      clock,
    });
    const memory = createMemoryLruStore({ maxEntries: 100, clock });
    return {
      logger,
      background,
      cache: createTieredCache({ tiers: [memory, redis], clock, logger, background }),
    };
  };
  const a = instance();
  const b = instance();
  try {
    await t.step("a value loaded by one instance is served to the other from Redis", async () => {
      let loads = 0;
      const load = () => Promise.resolve((loads++, { name: "Ada" }));
      assert.deepEqual(await a.cache.swr(profiles, "u1", load), { name: "Ada" });
      await a.background.drain();
      assert.deepEqual(await b.cache.swr(profiles, "u1", load), { name: "Ada" });
      assert.equal(loads, 1, "the second instance must not reach the origin");
    });

    await t.step("a confirmed miss is cached as negative in Redis too", async () => {
      let loads = 0;
      const load = () => Promise.resolve((loads++, undefined));
      assert.equal(await a.cache.swr(profiles, "ghost", load), undefined);
      await a.background.drain();
      assert.equal(await b.cache.swr(profiles, "ghost", load), undefined);
      assert.equal(loads, 1);
    });

    await t.step("invalidation removes the Redis entry for every instance", async () => {
      await a.cache.remove(profiles, "u1");
      let loads = 0;
      const fresh = await instance().cache.swr(profiles, "u1", () => {
        loads++;
        return Promise.resolve({ name: "Ada Lovelace" });
      });
      assert.deepEqual(fresh, { name: "Ada Lovelace" });
      assert.equal(loads, 1);
    });

    await t.step(
      "Redis hanging is a miss: the origin answers and a warning is logged",
      async () => {
        fake.setMode("hang");
        const c = instance();
        const value = await c.cache.swr(profiles, "u2", () => Promise.resolve({ name: "Grace" }));
        assert.deepEqual(value, { name: "Grace" });
        await c.background.drain();
        assert.ok(
          c.logger.lines.some((l) => l.level === "warn" && l.tier === "redis"),
          JSON.stringify(c.logger.lines),
        );
        fake.setMode("normal");
      },
    );

    await t.step("Redis answering errors is a miss too", async () => {
      fake.setMode("down");
      const c = instance();
      assert.deepEqual(
        await c.cache.swr(profiles, "u3", () => Promise.resolve({ name: "Edsger" })),
        { name: "Edsger" },
      );
      await c.background.drain();
      fake.setMode("normal");
    });

    await t.step(
      "an instance stops serving a key removed elsewhere once its poll interval passes",
      async () => {
        // Built exactly as production builds it, on a prefix of its own so its keys can be deleted.
        const config: CacheConfig = {
          kind: "upstash",
          url: fake.url,
          token: TOKEN,
          timeoutMs: 500,
          maxEntries: 100,
          keyPrefix: `${prefix}follow:`,
        };
        const build = () => {
          const logger = createMemoryLogger();
          const background = createPromiseTracker(logger);
          return { logger, background, cache: buildCache(config, { clock, logger, background }) };
        };
        const [x, y] = [build(), build()];
        let current = { name: "Ada" };
        let loads = 0;
        const load = () => Promise.resolve((loads++, current));
        const tcp = new TcpRedis(redisUrl!, { lazyConnect: true, retryStrategy: () => null });
        try {
          // Each instance's first read also sets its invalidation cursor.
          assert.deepEqual(await x.cache.swr(profiles, "u9", load), { name: "Ada" });
          await x.background.drain();
          assert.deepEqual(await y.cache.swr(profiles, "u9", load), { name: "Ada" }, "from Redis");
          await y.background.drain();

          current = { name: "Ada Lovelace" };
          await x.cache.remove(profiles, "u9");
          await x.background.drain();
          const before = fake.requests;
          assert.deepEqual(await y.cache.swr(profiles, "u9", load), { name: "Ada" }, "old, memory");
          assert.equal(fake.requests, before, "a read inside the interval makes no Redis call");
          clock.advance(1_000);
          assert.deepEqual(await y.cache.swr(profiles, "u9", load), { name: "Ada" }, "no waiting");
          await y.background.drain();
          assert.equal(fake.requests, before + 2, "the poll read the sequence, then the new entry");
          assert.deepEqual(await y.cache.swr(profiles, "u9", load), { name: "Ada Lovelace" });
          assert.equal(loads, 2, "the origin answered x's first read and y's read after the poll");
          assert.deepEqual(y.logger.lines.filter((l) => l.level === "warn"), []);
        } finally {
          await x.background.drain();
          await y.background.drain();
          await tcp.connect();
          const keys = await tcp.keys(`${prefix}follow:*`);
          if (keys.length > 0) await tcp.del(...keys);
          await tcp.quit();
        }
      },
    );
  } finally {
    await a.background.drain();
    await b.background.drain();
    await fake.close();
  }
});
