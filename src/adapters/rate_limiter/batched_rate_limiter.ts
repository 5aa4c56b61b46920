import { createKeyJoiner } from "../../lib/joined_keys.ts";
import type { Clock } from "../../ports/clock.ts";
import type { Logger } from "../../ports/logger.ts";
import type { RateLimiter, RateLimitPolicy } from "../../ports/rate_limiter.ts";
import type { WindowCounterStore } from "../../ports/window_counter_store.ts";
import { createBatchFlusher, type LocalCount } from "./batch_flusher.ts";
import { type Counter, stateOf, usedAt } from "./sliding_window.ts";

export interface BatchedRateLimiterOptions {
  /** The counters all instances share (Redis); written in batches, never per request. */
  store: WindowCounterStore;
  /** Decides "exact" policies, and "local" ones too small to batch within the overshoot budget. */
  exact: RateLimiter;
  clock: Clock;
  logger: Logger;
  /** How often units counted here are written to the store; 500 ms by default. */
  flushIntervalMs?: number;
  /** Instances one client's requests may be spread over; sizes the allowance. 4 by default. */
  instances?: number;
  /** The overshoot allowed, in percent of a policy's limit; 10 by default. */
  maxOvershootPercent?: number;
  /** False: no timer, only `flush()` writes (tests moving a manual clock). True by default. */
  timers?: boolean;
  /** Keys remembered at most; the least recently used are forgotten first. 100 000 by default. */
  maxKeys?: number;
}

/**
 * Units one instance may admit for one key beyond what the store has confirmed. With N instances,
 * each admitting at most this many unseen by the others, a client overshoots a limit by less than
 * N x allowance <= limit x maxOvershootPercent / 100 (README, "Rate limits decided locally").
 */
export function localAllowance(limit: number, instances: number, maxOvershootPercent: number) {
  return Math.floor((limit * maxOvershootPercent) / 100 / instances);
}

/**
 * Decides "local" policies in this isolate: a unit is admitted when the last totals the store
 * answered, plus the units admitted here since, leave room under the limit, and at most
 * `localAllowance` of those units are unconfirmed. Units are written to the store in one call per
 * flush for all keys (every `flushIntervalMs`, or at once when a key's allowance is used up, the
 * request that needs room waiting for it); the totals it answers include every instance's units.
 * While the store fails, decisions go on from local counts without waiting (per instance, like the
 * fallback adapter), and the units held are written once it answers again.
 */
export function createBatchedRateLimiter(options: BatchedRateLimiterOptions): RateLimiter {
  const { exact, clock, maxKeys = 100_000 } = options;
  const instances = options.instances ?? 4;
  const overshoot = options.maxOvershootPercent ?? 10;
  // One key object per repeated caller: the Map finds it by its kept hash (`joined_keys.ts`).
  const joinKey = createKeyJoiner("\u0000");
  const counts = new Map<string, LocalCount>();
  const flusher = createBatchFlusher({
    ...options,
    flushIntervalMs: options.flushIntervalMs ?? 500,
  });

  /** 0: decided by `exact` (an "exact" policy, or an allowance too small for the cost). */
  function allowanceOf(policy: RateLimitPolicy, cost: number): number {
    if (policy.precision !== "local") return 0;
    const allowance = localAllowance(policy.limit, instances, overshoot);
    return allowance >= cost ? allowance : 0;
  }

  /** The count of `key` in the current fixed window, rolled over when the window has turned. */
  function countFor(policy: RateLimitPolicy, key: string, now: number): LocalCount {
    const id = joinKey(policy.name, key);
    const window = Math.floor(now / policy.windowMs);
    let count = counts.get(id);
    if (count === undefined) {
      count = { policy, key, window, current: 0, previous: 0, unconfirmed: 0, pending: 0 };
    } else if (count.window < window) {
      flusher.roll(count, window);
    }
    count.policy = policy;
    counts.delete(id);
    counts.set(id, count);
    for (const oldest of counts.keys()) {
      if (counts.size <= maxKeys) break;
      counts.delete(oldest);
    }
    return count;
  }

  const viewOf = (count: LocalCount): Counter => ({
    window: count.window,
    current: count.current + count.unconfirmed,
    previous: count.previous,
  });

  return {
    name: `batched-${options.store.name}+${exact.name}`,
    async consume(policy, key, cost = 1) {
      if (!Number.isInteger(cost) || cost < 1) {
        throw new RangeError(`Cannot consume ${cost} units: a cost is a positive integer`);
      }
      const allowance = allowanceOf(policy, cost);
      if (allowance === 0) return exact.consume(policy, key, cost);
      for (;;) {
        const now = clock.now();
        const count = countFor(policy, key, now);
        const view = viewOf(count);
        if (usedAt(policy, view, now) + cost > policy.limit) {
          return stateOf(policy, view, now, false);
        }
        if (flusher.degraded || count.unconfirmed + cost <= allowance) {
          flusher.hold(count, cost);
          // Allowance used up: sync now in the background, so the next request finds room.
          if (count.unconfirmed >= allowance && !flusher.degraded) void flusher.flush();
          return stateOf(policy, { ...view, current: view.current + cost }, now, true);
        }
        // Room under the limit but not in the allowance: wait for the store's totals, then decide.
        await flusher.settle();
      }
    },
    peek(policy, key) {
      if (allowanceOf(policy, 1) === 0) return exact.peek(policy, key);
      const now = clock.now();
      return Promise.resolve(stateOf(policy, viewOf(countFor(policy, key, now)), now, true));
    },
    async reset(policy, key) {
      if (allowanceOf(policy, 1) === 0) return exact.reset(policy, key);
      const id = joinKey(policy.name, key);
      const count = counts.get(id);
      counts.delete(id);
      await flusher.clear(policy, key, count);
    },
    flush: () => flusher.flush(),
  };
}
