import assert from "node:assert/strict";
import { createMemoryRateLimiter } from "../../src/adapters/rate_limiter/memory_rate_limiter.ts";
import type { RateLimitPolicy } from "../../src/ports/rate_limiter.ts";
import { ManualClock } from "../support/manual_clock.ts";

const WINDOW = 60_000;
const login: RateLimitPolicy = { name: "login-account", limit: 5, windowMs: WINDOW };
const api: RateLimitPolicy = { name: "api-user", limit: 5, windowMs: WINDOW };
const KEY = "alice@example.com";

/** The clock starts on a window boundary (2026-01-01T00:00:00Z is a multiple of 60 s). */
function setup(maxKeys?: number) {
  const clock = new ManualClock();
  assert.equal(clock.now() % WINDOW, 0);
  const start = clock.now();
  return { clock, start, limiter: createMemoryRateLimiter({ clock, maxKeys }) };
}

Deno.test("memory rate limiter", async (t) => {
  await t.step("allows exactly `limit` units, then refuses", async () => {
    const { limiter, start } = setup();
    for (let i = 4; i >= 0; i--) {
      const state = await limiter.consume(login, KEY);
      assert.deepEqual(state, {
        allowed: true,
        limit: 5,
        remaining: i,
        resetAt: start + WINDOW,
        retryAfterSeconds: 0,
      });
    }
    const refused = await limiter.consume(login, KEY);
    assert.equal(refused.allowed, false);
    assert.equal(refused.remaining, 0);
    assert.ok(refused.retryAfterSeconds >= 1, JSON.stringify(refused));
  });

  await t.step("refuses a cost over the remaining units and does not count it", async () => {
    const { limiter } = setup();
    await limiter.consume(login, KEY, 3);
    const refused = await limiter.consume(login, KEY, 3);
    assert.equal(refused.allowed, false);
    assert.equal(refused.remaining, 2, "the refused cost is not counted");
    assert.ok(refused.retryAfterSeconds >= 1);
    const fits = await limiter.consume(login, KEY, 2);
    assert.deepEqual([fits.allowed, fits.remaining], [true, 0]);
  });

  await t.step("rejects a cost that is not a positive integer", async () => {
    const { limiter } = setup();
    await assert.rejects(limiter.consume(login, KEY, 0), RangeError);
    await assert.rejects(limiter.consume(login, KEY, 1.5), RangeError);
  });

  await t.step(
    "weights the previous window by the part of it still inside the window",
    async () => {
      const { clock, limiter } = setup();
      for (let i = 0; i < 5; i++) await limiter.consume(login, KEY);
      // used = floor((1 - elapsedFraction) * previous) + current
      clock.advance(WINDOW + WINDOW / 4); // floor(0.75 * 5) + 0 = 3
      assert.equal((await limiter.peek(login, KEY)).remaining, 2);
      clock.advance(WINDOW / 4); // floor(0.5 * 5) + 0 = 2
      assert.equal((await limiter.peek(login, KEY)).remaining, 3);
      const state = await limiter.consume(login, KEY, 3); // floor(0.5 * 5) + 3 = 5
      assert.deepEqual([state.allowed, state.remaining], [true, 0]);
      clock.advance(WINDOW / 10); // 60% elapsed: floor(0.4 * 5) + 3 = 5
      assert.equal((await limiter.consume(login, KEY)).allowed, false);
      clock.advance(WINDOW / 10); // 70% elapsed: floor(0.3 * 5) + 3 = 4
      assert.deepEqual((await limiter.consume(login, KEY)).remaining, 0);
    },
  );

  await t.step("forgets every unit after two windows", async () => {
    const { clock, limiter, start } = setup();
    for (let i = 0; i < 5; i++) await limiter.consume(login, KEY);
    clock.advance(2 * WINDOW);
    const state = await limiter.peek(login, KEY);
    assert.deepEqual(state, {
      allowed: true,
      limit: 5,
      remaining: 5,
      resetAt: start + 3 * WINDOW,
      retryAfterSeconds: 0,
    });
  });

  await t.step("peek reads without counting", async () => {
    const { limiter } = setup();
    await limiter.consume(login, KEY);
    for (let i = 0; i < 3; i++) assert.equal((await limiter.peek(login, KEY)).remaining, 4);
    assert.equal((await limiter.peek(login, "never-seen")).remaining, 5);
  });

  await t.step("reset clears the counter", async () => {
    const { limiter } = setup();
    for (let i = 0; i < 5; i++) await limiter.consume(login, KEY);
    await limiter.reset(login, KEY);
    const state = await limiter.consume(login, KEY);
    assert.deepEqual([state.allowed, state.remaining], [true, 4]);
  });

  await t.step("retryAfterSeconds waits for the first millisecond one unit fits", async () => {
    const { clock, limiter, start } = setup();
    clock.advance(50_000);
    for (let i = 0; i < 5; i++) await limiter.consume(login, KEY);
    // Next window: floor((1 - m / 60000) * 5) <= 4 from m = 1 ms, i.e. 10.001 s from now.
    const full = await limiter.consume(login, KEY);
    assert.deepEqual(full, {
      allowed: false,
      limit: 5,
      remaining: 0,
      resetAt: start + WINDOW,
      retryAfterSeconds: 11,
    });
    clock.advance(10_000);
    assert.equal((await limiter.consume(login, KEY)).allowed, false, "still 5 at the boundary");
    clock.advance(1);
    assert.equal((await limiter.consume(login, KEY)).allowed, true, "4 + 1 fits 1 ms later");
  });

  await t.step("retryAfterSeconds inside a window follows the fading weight", async () => {
    const { clock, limiter, start } = setup();
    for (let i = 0; i < 5; i++) await limiter.consume(login, KEY);
    clock.advance(WINDOW + WINDOW / 2);
    await limiter.consume(login, KEY, 3); // floor(0.5 * 5) + 3 = 5
    // floor((1 - m / 60000) * 5) + 3 <= 4  <=>  m > 36 000 ms: 6.001 s from now.
    const refused = await limiter.consume(login, KEY);
    assert.equal(refused.retryAfterSeconds, 7);
    assert.equal(refused.resetAt, start + 2 * WINDOW);
    clock.advance(6_000);
    assert.equal((await limiter.consume(login, KEY)).allowed, false);
    clock.advance(1);
    assert.equal((await limiter.consume(login, KEY)).allowed, true);
  });

  await t.step("keys and policies are counted separately", async () => {
    const { limiter } = setup();
    for (let i = 0; i < 5; i++) await limiter.consume(login, KEY);
    assert.equal((await limiter.consume(login, KEY)).allowed, false);
    assert.equal((await limiter.consume(login, "bob@example.com")).remaining, 4);
    assert.equal((await limiter.consume(api, KEY)).remaining, 4);
  });

  await t.step("drops the least recently consumed counters beyond maxKeys", async () => {
    const { limiter } = setup(2);
    for (let i = 0; i < 5; i++) await limiter.consume(login, "a");
    await limiter.consume(login, "b");
    await limiter.consume(login, "a"); // refused, but touched: "b" is now the oldest
    await limiter.consume(login, "c");
    assert.equal((await limiter.peek(login, "b")).remaining, 5, "b was evicted");
    assert.equal((await limiter.peek(login, "a")).remaining, 0, "a was kept");
    assert.equal((await limiter.peek(login, "c")).remaining, 4);
  });
});
