import assert from "node:assert/strict";
import { withFallbackRateLimiter } from "../../src/adapters/rate_limiter/fallback_rate_limiter.ts";
import { createMemoryRateLimiter } from "../../src/adapters/rate_limiter/memory_rate_limiter.ts";
import type { RateLimiter, RateLimitPolicy } from "../../src/ports/rate_limiter.ts";
import { ManualClock } from "../support/manual_clock.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";

const login: RateLimitPolicy = { name: "login-account", limit: 2, windowMs: 60_000 };
const KEY = "alice@example.com";

/** A memory limiter named "redis" that throws, quoting the key, while `failing` is set. */
function createFlakyPrimary(clock: ManualClock) {
  const inner = createMemoryRateLimiter({ clock });
  const calls = { consume: 0, peek: 0, reset: 0 };
  const flaky: RateLimiter & { failing: boolean; calls: typeof calls } = {
    failing: false,
    calls,
    name: "redis",
    consume(policy, key, cost) {
      calls.consume += 1;
      return flaky.failing ? fail(key) : inner.consume(policy, key, cost);
    },
    peek(policy, key) {
      calls.peek += 1;
      return flaky.failing ? fail(key) : inner.peek(policy, key);
    },
    reset(policy, key) {
      calls.reset += 1;
      return flaky.failing ? fail(key) : inner.reset(policy, key);
    },
    flush: () => flaky.failing ? fail("") : Promise.resolve(),
  };
  return flaky;
}

function fail(key: string): Promise<never> {
  return Promise.reject(new Error(`Cannot consume for "${key}": Service unavailable`));
}

function setup() {
  const clock = new ManualClock();
  const primary = createFlakyPrimary(clock);
  const fallback = createMemoryRateLimiter({ clock });
  const logger = createMemoryLogger();
  const limiter = withFallbackRateLimiter({
    primary,
    fallback,
    logger,
    clock,
    failureThreshold: 3,
    cooldownMs: 5_000,
  });
  return { clock, primary, fallback, logger, limiter };
}

Deno.test("fallback rate limiter", async (t) => {
  await t.step("is named after the primary and answers from it while it works", async () => {
    const { primary, fallback, limiter } = setup();
    assert.equal(limiter.name, "redis+fallback");
    assert.equal((await limiter.consume(login, KEY)).remaining, 1);
    assert.equal((await limiter.peek(login, KEY)).remaining, 1);
    assert.equal(primary.calls.consume, 1);
    assert.equal((await fallback.peek(login, KEY)).remaining, 2, "the fallback was not used");
  });

  await t.step(
    "answers from the fallback and warns, without the key, when the primary throws",
    async () => {
      const { primary, logger, limiter } = setup();
      primary.failing = true;
      assert.equal((await limiter.consume(login, KEY)).remaining, 1);
      assert.equal((await limiter.consume(login, KEY)).remaining, 0);
      assert.equal((await limiter.consume(login, KEY)).allowed, false, "limits still hold");
      const warnings = logger.lines.filter((line) => line.level === "warn");
      assert.equal(warnings.length, 3, JSON.stringify(logger.lines));
      assert.deepEqual(
        { ...warnings[0], time: undefined },
        {
          time: undefined,
          level: "warn",
          message: "Rate limiter primary failed, answering from per-instance counters",
          limiter: "redis",
          policy: "login-account",
          operation: "consume",
          consecutiveFailures: 1,
          circuitOpen: false,
          reason: 'Cannot consume for "[key]": Service unavailable',
        },
      );
      assert.ok(!JSON.stringify(logger.lines).includes(KEY), JSON.stringify(logger.lines));
    },
  );

  await t.step("skips the primary after 3 failures in a row until the cooldown", async () => {
    const { clock, primary, logger, limiter } = setup();
    primary.failing = true;
    for (let i = 0; i < 3; i++) await limiter.consume(login, KEY);
    assert.equal(primary.calls.consume, 3);
    await limiter.consume(login, KEY);
    await limiter.peek(login, KEY);
    await limiter.reset(login, KEY);
    assert.deepEqual(primary.calls, { consume: 3, peek: 0, reset: 0 }, "the circuit is open");
    assert.equal(logger.lines.length, 3, "an open circuit logs nothing more");
    clock.advance(4_999);
    await limiter.consume(login, KEY);
    assert.equal(primary.calls.consume, 3);
  });

  await t.step("after the cooldown one successful trial call closes the circuit", async () => {
    const { clock, primary, logger, limiter } = setup();
    primary.failing = true;
    for (let i = 0; i < 3; i++) await limiter.consume(login, KEY);
    primary.failing = false;
    clock.advance(5_000);
    assert.equal((await limiter.consume(login, KEY)).remaining, 1, "answered by the primary");
    assert.equal(primary.calls.consume, 4);
    await limiter.consume(login, KEY);
    assert.equal(primary.calls.consume, 5, "closed: every call reaches the primary again");
    assert.equal(logger.lines.at(-1)?.message, "Rate limiter primary recovered");
  });

  await t.step("a failed trial call opens the circuit for another cooldown", async () => {
    const { clock, primary, limiter } = setup();
    primary.failing = true;
    for (let i = 0; i < 3; i++) await limiter.consume(login, KEY);
    clock.advance(5_000);
    await limiter.consume(login, KEY);
    assert.equal(primary.calls.consume, 4, "the trial call reached the primary");
    clock.advance(4_999);
    await limiter.consume(login, KEY);
    assert.equal(primary.calls.consume, 4);
  });

  await t.step("a success in between resets the failure count", async () => {
    const { primary, limiter } = setup();
    primary.failing = true;
    await limiter.peek(login, KEY);
    await limiter.peek(login, KEY);
    primary.failing = false;
    await limiter.peek(login, KEY);
    primary.failing = true;
    await limiter.peek(login, KEY);
    await limiter.peek(login, KEY);
    assert.equal(primary.calls.peek, 5, "still closed: two failures since the last success");
  });

  await t.step("reset clears both counters and never throws for an outage", async () => {
    const { primary, fallback, limiter } = setup();
    await limiter.consume(login, KEY);
    await fallback.consume(login, KEY);
    primary.failing = true;
    await limiter.reset(login, KEY);
    assert.equal((await fallback.peek(login, KEY)).remaining, 2);
    primary.failing = false;
    await limiter.reset(login, KEY);
    assert.equal((await limiter.peek(login, KEY)).remaining, 2);
  });
});
