import assert from "node:assert/strict";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import { Redis as TcpRedis } from "ioredis";
import { withFallbackRateLimiter } from "../../src/adapters/rate_limiter/fallback_rate_limiter.ts";
import { createMemoryRateLimiter } from "../../src/adapters/rate_limiter/memory_rate_limiter.ts";
import { createUpstashRateLimiter } from "../../src/adapters/rate_limiter/upstash_rate_limiter.ts";
import type { RateLimitPolicy } from "../../src/ports/rate_limiter.ts";
import { startUpstashRestFake, type UpstashRestFake } from "../support/fakes/upstash_rest_fake.ts";
import { ManualClock } from "../support/manual_clock.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";

// The real @upstash/ratelimit and @upstash/redis, through the REST fake, against the real Redis
// named by TEST_REDIS_URL. Without it every test here is registered as ignored.
const redisUrl = Deno.env.get("TEST_REDIS_URL") ?? "";
const ignore = redisUrl === "";
const token = `token-${crypto.randomUUID()}`;
const runPrefix = `test:upstash_rl:${crypto.randomUUID()}`;
const KEY = "alice@example.com";
// A day, so a run crossing a window boundary (where the previous window's weight starts to fade)
// is all but impossible.
const DAY = 86_400_000;
let policies = 0;
const freshPolicy = (limit = 5): RateLimitPolicy => ({
  name: `policy-${++policies}`,
  limit,
  windowMs: DAY,
});

interface Fixture {
  fake: UpstashRestFake;
  /** The fake's URL (it maps the library's Upstash-only script flag onto stock Redis). */
  url: string;
  tcp: TcpRedis;
}

/** Starts the fake and a direct TCP connection, runs `fn`, then deletes this run's keys. */
async function withFixture(fn: (fixture: Fixture) => Promise<void>): Promise<void> {
  const fake = await startUpstashRestFake({ redisUrl, token });
  const tcp = new TcpRedis(redisUrl, { lazyConnect: true, retryStrategy: () => null });
  try {
    await tcp.connect();
    await fn({ fake, url: fake.url, tcp });
  } finally {
    const keys = await tcp.keys(`${runPrefix}*`);
    if (keys.length > 0) await tcp.del(...keys);
    await tcp.quit();
    await fake.close();
  }
}

/**
 * A TCP relay in front of `target` that counts client connections not yet closed by the client: a
 * request abandoned by aborting its fetch closes its connection, one left pending does not.
 */
function startConnectionTap(target: string) {
  const port = Number(new URL(target).port);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const pipes = new Set<Promise<unknown>>();
  let open = 0;
  const accepting = (async () => {
    for await (const client of listener) {
      conns.add(client);
      open += 1;
      const upstream = await Deno.connect({ hostname: "127.0.0.1", port });
      conns.add(upstream);
      const options = { preventClose: true };
      pipes.add(
        client.readable.pipeTo(upstream.writable, options).catch(() => {}).finally(() => {
          open -= 1;
        }),
      );
      pipes.add(upstream.readable.pipeTo(client.writable, options).catch(() => {}));
    }
  })().catch(() => {});
  return {
    url: `http://127.0.0.1:${listener.addr.port}`,
    get open() {
      return open;
    },
    async close() {
      listener.close();
      for (const conn of conns) {
        try {
          conn.close();
        } catch {
          // Already closed by its peer.
        }
      }
      await Promise.all([accepting, ...pipes]);
    },
  };
}

/** Polls `check` until it holds, failing after `ms`; not a timing assertion, a bound on waiting. */
async function eventually(check: () => boolean, message: string, ms = 2_000): Promise<void> {
  const giveUpAt = Date.now() + ms;
  while (!check()) {
    if (Date.now() > giveUpAt) assert.fail(message);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

Deno.test({
  name: "UpstashRateLimiter counts sliding windows in Redis with @upstash/ratelimit",
  ignore,
  fn: (t) =>
    withFixture(async ({ url, tcp }) => {
      const options = { url, token, timeoutMs: 5_000, prefix: runPrefix };
      const limiter = createUpstashRateLimiter(options);

      await t.step("allows 5 consumes of a limit of 5 and refuses the 6th", async () => {
        const policy = freshPolicy();
        for (let i = 4; i >= 0; i--) {
          const state = await limiter.consume(policy, KEY);
          assert.deepEqual([state.allowed, state.remaining, state.retryAfterSeconds], [true, i, 0]);
          assert.equal(state.resetAt, (Math.floor(Date.now() / DAY) + 1) * DAY);
        }
        const refused = await limiter.consume(policy, KEY);
        assert.deepEqual([refused.allowed, refused.limit, refused.remaining], [false, 5, 0]);
        const untilReset = Math.ceil((refused.resetAt - Date.now()) / 1000);
        assert.ok(refused.retryAfterSeconds >= 1, JSON.stringify(refused));
        assert.ok(refused.retryAfterSeconds <= untilReset + 1, JSON.stringify(refused));
      });

      await t.step("allows exactly 5 of 50 concurrent consumes", async () => {
        const policy = freshPolicy();
        const states = await Promise.all(
          Array.from({ length: 50 }, () => limiter.consume(policy, KEY)),
        );
        assert.equal(states.filter((state) => state.allowed).length, 5);
        assert.equal((await limiter.peek(policy, KEY)).remaining, 0);
      });

      await t.step("refuses a cost over the remaining units without counting it", async () => {
        const policy = freshPolicy();
        assert.equal((await limiter.consume(policy, KEY, 3)).remaining, 2);
        const refused = await limiter.consume(policy, KEY, 3);
        assert.deepEqual([refused.allowed, refused.remaining], [false, 2]);
        const fits = await limiter.consume(policy, KEY, 2);
        assert.deepEqual([fits.allowed, fits.remaining], [true, 0]);
      });

      await t.step(
        "the library alone counts a refused cost (why the adapter reads first)",
        async () => {
          // A tripwire for upgrades: once this fails, the read before a cost > 1 can go.
          const redis = new UpstashRedis({ url, token, enableTelemetry: false });
          const ratelimit = new Ratelimit({
            redis,
            limiter: Ratelimit.slidingWindow(5, `${DAY} ms`),
            prefix: `${runPrefix}:raw`,
            ephemeralCache: false,
            timeout: 0,
          });
          await ratelimit.limit(KEY, { rate: 3 });
          const refused = await ratelimit.limit(KEY, { rate: 3 });
          assert.equal(refused.success, false);
          assert.equal((await ratelimit.getRemaining(KEY)).remaining, 0, "6 of 5 counted");
        },
      );

      await t.step("peek reads without counting", async () => {
        const policy = freshPolicy();
        await limiter.consume(policy, KEY);
        for (let i = 0; i < 3; i++) {
          const state = await limiter.peek(policy, KEY);
          assert.deepEqual([state.allowed, state.remaining], [true, 4]);
        }
        assert.equal((await limiter.peek(policy, "never-seen")).remaining, 5);
      });

      await t.step("stores <prefix>:<policy>:<key>:<window> with a TTL of 2 windows", async () => {
        const policy = freshPolicy();
        await limiter.consume(policy, KEY);
        const window = Math.floor(Date.now() / DAY);
        const pttl = await tcp.pttl(`${runPrefix}:${policy.name}:${KEY}:${window}`);
        assert.ok(pttl > DAY && pttl <= 2 * DAY + 1_000, `PTTL was ${pttl}`);
      });

      await t.step("reset clears the counter, as seen by another instance", async () => {
        const policy = freshPolicy();
        const other = createUpstashRateLimiter(options);
        for (let i = 0; i < 6; i++) await other.consume(policy, KEY);
        assert.equal((await other.consume(policy, KEY)).allowed, false);
        await limiter.reset(policy, KEY);
        assert.deepEqual(await tcp.keys(`${runPrefix}:${policy.name}:*`), []);
        const state = await other.consume(policy, KEY);
        assert.deepEqual([state.allowed, state.remaining], [true, 4], "no ephemeral cache");
      });

      await t.step("reset of a key with glob characters leaves other keys alone", async () => {
        const policy = freshPolicy();
        await limiter.consume(policy, "user:1");
        await limiter.consume(policy, "us*");
        await limiter.reset(policy, "us*");
        await limiter.reset(policy, "user");
        assert.equal((await limiter.peek(policy, "user:1")).remaining, 4);
        assert.equal((await limiter.peek(policy, "us*")).remaining, 5);
      });
    }),
});

Deno.test({
  name: "UpstashRateLimiter throws, without the key, when the REST API hangs or fails",
  ignore,
  fn: (t) =>
    withFixture(async ({ fake }) => {
      // Straight to the fake: in these modes no command reaches Redis.
      const options = { url: fake.url, token, timeoutMs: 200, prefix: runPrefix };
      const limiter = createUpstashRateLimiter(options);
      const policy = freshPolicy();
      const withoutKey = (pattern: RegExp) => (error: Error) => {
        assert.match(error.message, pattern);
        assert.ok(!error.message.includes(KEY), error.message);
        assert.ok(!error.message.includes(token), error.message);
        return true;
      };

      await t.step("consume throws when the server hangs and abandons the request", async () => {
        const tap = startConnectionTap(fake.url);
        const hanging = createUpstashRateLimiter({ ...options, url: tap.url });
        fake.setMode("hang");
        try {
          await assert.rejects(
            hanging.consume(policy, KEY),
            withoutKey(/^Cannot consume from rate limit "policy-\d+" in Redis: timed out/),
          );
          assert.equal(fake.requests, 1, "nothing was retried");
          // A deadline that only raced the request would leave its fetch, and connection, open.
          await eventually(() => tap.open === 0, "the timed-out request is still pending");
        } finally {
          fake.setMode("normal");
          await tap.close();
        }
      });

      await t.step("consume, peek and reset throw when the server answers 500", async () => {
        fake.setMode("down");
        try {
          const unavailable = withoutKey(/Redis: Service unavailable$/);
          await assert.rejects(limiter.consume(policy, KEY), unavailable);
          await assert.rejects(limiter.consume(policy, KEY, 2), unavailable);
          await assert.rejects(limiter.peek(policy, KEY), unavailable);
          await assert.rejects(limiter.reset(policy, KEY), unavailable);
        } finally {
          fake.setMode("normal");
        }
      });
    }),
});

Deno.test({
  name: "withFallbackRateLimiter over UpstashRateLimiter keeps limiting while the API is down",
  ignore,
  fn: (t) =>
    withFixture(async ({ fake, url }) => {
      const clock = new ManualClock();
      const logger = createMemoryLogger();
      const limiter = withFallbackRateLimiter({
        primary: createUpstashRateLimiter({ url, token, timeoutMs: 2_000, prefix: runPrefix }),
        fallback: createMemoryRateLimiter({ clock }),
        logger,
        clock,
        failureThreshold: 3,
        cooldownMs: 10_000,
      });
      const policy = freshPolicy();

      await t.step("answers from per-instance counters, then stops calling Redis", async () => {
        fake.setMode("down");
        const states = [];
        for (let i = 0; i < 6; i++) states.push(await limiter.consume(policy, KEY));
        assert.deepEqual(states.map((state) => state.allowed), [
          true,
          true,
          true,
          true,
          true,
          false,
        ]);
        const warnings = logger.lines.filter((line) => line.level === "warn");
        assert.equal(warnings.length, 3, "one per failed call until the circuit opens");
        assert.ok(!JSON.stringify(logger.lines).includes(KEY), JSON.stringify(logger.lines));
        const requests = fake.requests;
        await limiter.consume(policy, KEY);
        assert.equal(fake.requests, requests, "an open circuit sends nothing");
      });

      await t.step("answers from Redis again after the cooldown", async () => {
        fake.setMode("normal");
        clock.advance(10_000);
        const state = await limiter.consume(policy, KEY);
        assert.deepEqual([state.allowed, state.remaining], [true, 4], "Redis never saw the outage");
        assert.equal(logger.lines.at(-1)?.message, "Rate limiter primary recovered");
      });
    }),
});
