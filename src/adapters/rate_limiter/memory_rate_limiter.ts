import type { Clock } from "../../ports/clock.ts";
import type { RateLimiter, RateLimitPolicy } from "../../ports/rate_limiter.ts";
import { type Counter, stateOf, usedAt } from "./sliding_window.ts";
import { createKeyJoiner } from "../../lib/joined_keys.ts";

export interface MemoryRateLimiterOptions {
  clock: Clock;
  /** Counters kept at most; the least recently consumed are dropped first. 100 000 by default. */
  maxKeys?: number;
}

/**
 * Per-instance sliding-window counters with the arithmetic of `Ratelimit.slidingWindow` in
 * @upstash/ratelimit 2.2.0 (its single-region Lua script), so the fallback counts like the shared
 * limiter:
 *
 *   used = floor((1 - (now % windowMs) / windowMs) * previous) + current
 *
 * where `current` and `previous` are the units of the fixed windows `floor(now / windowMs)` and the
 * one before, and `resetAt` is the end of the current fixed window. One difference, on purpose: the
 * script only refuses when `used >= limit` and then counts the whole cost even if it overshoots;
 * here a cost is refused and not counted when `used + cost > limit` (the port's contract). For a
 * cost of 1 both rules are the same. Evicting a counter forgets it, i.e. resets that key.
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): RateLimiter {
  const { clock, maxKeys = 100_000 } = options;
  // Insertion order is recency order: a consumed counter is re-inserted at the end.
  const counters = new Map<string, Counter>();
  // One key object per repeated caller: the Map finds it by its kept hash (see `joined_keys.ts`).
  const joinKey = createKeyJoiner("\u0000");
  const id = (policy: RateLimitPolicy, key: string) => joinKey(policy.name, key);

  function read(policy: RateLimitPolicy, key: string, now: number): Counter {
    const window = Math.floor(now / policy.windowMs);
    const counter = counters.get(id(policy, key));
    if (counter === undefined || counter.window < window - 1) {
      return { window, current: 0, previous: 0 };
    }
    if (counter.window === window - 1) return { window, current: 0, previous: counter.current };
    return { ...counter };
  }

  return {
    name: "memory",
    consume(policy, key, cost = 1) {
      if (!Number.isInteger(cost) || cost < 1) {
        return Promise.reject(
          new RangeError(`Cannot consume ${cost} units: a cost is a positive integer`),
        );
      }
      const now = clock.now();
      const counter = read(policy, key, now);
      const allowed = usedAt(policy, counter, now) + cost <= policy.limit;
      if (allowed) counter.current += cost;
      const name = id(policy, key);
      counters.delete(name);
      counters.set(name, counter);
      for (const oldest of counters.keys()) {
        if (counters.size <= maxKeys) break;
        counters.delete(oldest);
      }
      return Promise.resolve(stateOf(policy, counter, now, allowed));
    },
    peek(policy, key) {
      const now = clock.now();
      return Promise.resolve(stateOf(policy, read(policy, key, now), now, true));
    },
    reset(policy, key) {
      counters.delete(id(policy, key));
      return Promise.resolve();
    },
    // Nothing is shared, so nothing is held back.
    flush: () => Promise.resolve(),
  };
}
