import assert from "node:assert/strict";
import { Redis as UpstashRedis } from "@upstash/redis";
import { Redis as TcpRedis } from "ioredis";
import { createUpstashRedisStore } from "../../src/adapters/cache/upstash_redis_store.ts";
import type { CacheEntry } from "../../src/ports/cache.ts";
import { startUpstashRestFake, type UpstashRestFake } from "../support/fakes/upstash_rest_fake.ts";

// The real client, through the REST fake, against the real Redis named by TEST_REDIS_URL. Without
// it every test here is registered as ignored, so the default suite passes on a machine without one.
const redisUrl = Deno.env.get("TEST_REDIS_URL") ?? "";
const ignore = redisUrl === "";
const token = `token-${crypto.randomUUID()}`;
const runPrefix = `test:upstash_store:${crypto.randomUUID()}:`;

interface Fixture {
  fake: UpstashRestFake;
  tcp: TcpRedis;
}

/** Starts a fake and a direct TCP connection, runs `fn`, then deletes this run's keys. */
async function withFixture(fn: (fixture: Fixture) => Promise<void>): Promise<void> {
  const fake = await startUpstashRestFake({ redisUrl, token });
  const tcp = new TcpRedis(redisUrl, { lazyConnect: true, retryStrategy: () => null });
  try {
    await tcp.connect();
    await fn({ fake, tcp });
  } finally {
    const keys = await tcp.keys(`${runPrefix}*`);
    if (keys.length > 0) await tcp.del(...keys);
    await tcp.quit();
    await fake.close();
  }
}

function entryAt<T>(value: T | null, now: number, staleMs = 60_000): CacheEntry<T> {
  return { value, freshUntil: now + staleMs / 2, staleUntil: now + staleMs };
}

Deno.test({
  name: "UpstashRedisStore stores, reads and removes entries in Redis through the REST API",
  ignore,
  fn: (t) =>
    withFixture(async ({ fake, tcp }) => {
      let now = 1_000_000;
      const clock = { now: () => now };
      const store = createUpstashRedisStore({
        url: fake.url,
        token,
        timeoutMs: 2_000,
        prefix: runPrefix,
        clock,
      });

      await t.step("get returns an entry with nested objects and unicode unchanged", async () => {
        const value = {
          title: "Pitch «Über» — 東京 🚀",
          tags: ["drame", "ñandú", "😀"],
          owner: { name: "Zoë", meta: { score: 4.5, draft: false, notes: null } },
        };
        const written = entryAt(value, now);
        await store.set("unicode", written);
        assert.deepEqual(await store.get("unicode"), written);
      });

      await t.step("get returns a negative entry (value null) as stored", async () => {
        const written = entryAt(null, now);
        await store.set("negative", written);
        assert.deepEqual(await store.get("negative"), written);
      });

      await t.step("get returns undefined for a key never set", async () => {
        assert.equal(await store.get("never-set"), undefined);
      });

      await t.step("set stores under the prefix with a PX of staleUntil minus now", async () => {
        await store.set("ttl", entryAt("v", now, 60_000));
        const pttl = await tcp.pttl(`${runPrefix}ttl`);
        assert.ok(pttl > 0 && pttl <= 60_000, `PTTL was ${pttl}`);
      });

      await t.step("set skips an entry whose staleUntil has passed", async () => {
        const before = fake.requests;
        await store.set("expired", entryAt("v", now - 120_000, 60_000));
        assert.equal(fake.requests, before);
        assert.equal(await tcp.exists(`${runPrefix}expired`), 0);
      });

      await t.step("get returns undefined once Redis has expired the entry", async () => {
        now = Date.now();
        await store.set("short", { value: "v", freshUntil: now + 10, staleUntil: now + 30 });
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(await store.get("short"), undefined);
      });

      await t.step("remove deletes several keys with one request", async () => {
        for (const key of ["a", "b", "c"]) await store.set(key, entryAt(key, now));
        const before = fake.requests;
        await store.remove(["a", "b"]);
        assert.equal(fake.requests, before + 1);
        assert.equal(await store.get("a"), undefined);
        assert.equal(await store.get("b"), undefined);
        assert.equal((await store.get<string>("c"))?.value, "c");
      });

      await t.step("remove of no keys sends no request", async () => {
        const before = fake.requests;
        await store.remove([]);
        assert.equal(fake.requests, before);
      });

      await t.step("ping resolves", async () => {
        await store.ping();
      });
    }),
});

Deno.test({
  name: "UpstashRedisStore throws, without the token, when the REST API cannot answer",
  ignore,
  fn: (t) =>
    withFixture(async ({ fake }) => {
      const options = { url: fake.url, token, timeoutMs: 300, prefix: runPrefix };

      await t.step("get with a wrong token throws a message without either token", async () => {
        const wrong = `wrong-${crypto.randomUUID()}`;
        const store = createUpstashRedisStore({ ...options, token: wrong });
        await assert.rejects(store.get("principal:digest-of-a-token"), (error: Error) => {
          assert.match(error.message, /^Cannot read a "principal" cache entry from Redis: Unauth/);
          assert.ok(!error.message.includes("digest-of-a-token"), "only the namespace is named");
          assert.ok(!error.message.includes(wrong), error.message);
          assert.ok(!error.message.includes(token), error.message);
          return true;
        });
      });

      await t.step("get rejects with a timeout when the server hangs", async () => {
        const store = createUpstashRedisStore(options);
        fake.setMode("hang");
        try {
          await assert.rejects(
            store.get("k"),
            /Cannot read a "k" cache entry from Redis: timed out after 300 ms/,
          );
        } finally {
          fake.setMode("normal");
        }
      });

      await t.step("get, set and ping throw when the server answers 500", async () => {
        const store = createUpstashRedisStore(options);
        fake.setMode("down");
        try {
          await assert.rejects(
            store.get("k"),
            /Cannot read a "k" cache entry from Redis: Service unavailable/,
          );
          await assert.rejects(
            store.set("k", entryAt("v", Date.now())),
            /Cannot write a "k" cache entry to Redis: Service unavailable/,
          );
          await assert.rejects(store.ping(), /Cannot ping Redis: Service unavailable/);
        } finally {
          fake.setMode("normal");
        }
      });

      await t.step("get throws when nothing listens at the URL", async () => {
        const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
        const url = `http://127.0.0.1:${listener.addr.port}`;
        listener.close();
        const store = createUpstashRedisStore({ ...options, url });
        await assert.rejects(store.get("k"), /Cannot read a "k" cache entry from Redis: /);
      });

      await t.step("a store works again once the server recovers", async () => {
        const store = createUpstashRedisStore(options);
        await store.ping();
      });
    }),
});

Deno.test({
  name: "Upstash REST fake answers the real client's pipeline, multi-exec and encodings",
  ignore,
  fn: (t) =>
    withFixture(async ({ fake }) => {
      const redis = new UpstashRedis({ url: fake.url, token, enableTelemetry: false });
      const key = (name: string) => `${runPrefix}fake:${name}`;

      await t.step("pipeline returns each command's result in order", async () => {
        const results = await redis.pipeline()
          .set(key("p"), "héllo ✓")
          .get(key("p"))
          .incr(key("n"))
          .mget(key("p"), key("missing"))
          .exec();
        assert.deepEqual(results, ["OK", "héllo ✓", 1, ["héllo ✓", null]]);
      });

      await t.step("pipeline reports a failing command as an error entry", async () => {
        const results = await redis.pipeline().incr(key("p")).get(key("p")).exec({
          keepErrors: true,
        });
        assert.match(String(results[0]?.error), /^ERR value is not an integer/);
        assert.equal(results[1]?.result, "héllo ✓");
      });

      await t.step("multi-exec runs the commands as one transaction", async () => {
        const results = await redis.multi()
          .set(key("m"), "1")
          .incrby(key("m"), 41)
          .get(key("m"))
          .exec();
        assert.deepEqual(results, ["OK", 42, 42]);
      });

      await t.step("a single command error is a 400 with the Redis message", async () => {
        const response = await post(fake.url, ["INCR", key("p")], {});
        assert.equal(response.status, 400);
        assert.match(String((await response.json()).error), /^ERR value is not an integer/);
      });

      await t.step("strings are base64 only when Upstash-Encoding asks for it", async () => {
        const plain = await post(fake.url, ["MGET", key("p"), key("missing")], {});
        assert.deepEqual(await plain.json(), { result: ["héllo ✓", null] });
        const encoded = await post(fake.url, ["GET", key("p")], { "Upstash-Encoding": "base64" });
        const { result } = await encoded.json();
        assert.equal(
          new TextDecoder().decode(Uint8Array.from(atob(result), (c) => c.charCodeAt(0))),
          "héllo ✓",
        );
      });

      await t.step("a request without the bearer token is a 401 with an error", async () => {
        const response = await fetch(fake.url, { method: "POST", body: '["PING"]' });
        assert.equal(response.status, 401);
        assert.deepEqual(await response.json(), { error: "Unauthorized" });
      });
    }),
});

function post(url: string, command: unknown[], headers: Record<string, string>) {
  return fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(command),
  });
}
