import type { RateLimitPolicy, RateLimitState } from "../../ports/rate_limiter.ts";

/**
 * The sliding-window arithmetic of `Ratelimit.slidingWindow` in @upstash/ratelimit 2.2.0, shared
 * by the limiters that decide in this process (memory, batched) so they count like the shared one.
 */

/** Units counted in one fixed window (`window` = floor(now / windowMs)) and in the one before. */
export interface Counter {
  window: number;
  current: number;
  previous: number;
}

/** The library's weighted count: the previous window's units fade linearly across this one. */
export function usedAt(policy: RateLimitPolicy, counter: Counter, now: number): number {
  const elapsedFraction = (now % policy.windowMs) / policy.windowMs;
  return Math.floor((1 - elapsedFraction) * counter.previous) + counter.current;
}

export function stateOf(
  policy: RateLimitPolicy,
  counter: Counter,
  now: number,
  allowed: boolean,
): RateLimitState {
  const remaining = Math.max(0, policy.limit - usedAt(policy, counter, now));
  const retryAfterMs = allowed ? 0 : msUntilOneUnitFits(policy, counter, now);
  return {
    allowed,
    limit: policy.limit,
    remaining,
    resetAt: (counter.window + 1) * policy.windowMs,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(retryAfterMs / 1000)),
  };
}

/**
 * Milliseconds until `usedAt + 1 <= limit`, found by binary search: the weighted count only falls
 * within a window, so the first millisecond that fits is well defined. Searches this window, then
 * the next one (where this window's units become `previous`); after that everything has slid out.
 */
function msUntilOneUnitFits(policy: RateLimitPolicy, counter: Counter, now: number): number {
  const { windowMs } = policy;
  const windowStart = counter.window * windowMs;
  const next: Counter = { window: counter.window + 1, current: 0, previous: counter.current };
  const candidates: [Counter, number][] = [[counter, now], [next, windowStart + windowMs]];
  for (const [candidate, from] of candidates) {
    const end = (candidate.window + 1) * windowMs;
    const fits = (time: number) => usedAt(policy, candidate, time) + 1 <= policy.limit;
    if (!fits(end - 1)) continue;
    let low = from;
    let high = end - 1;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (fits(middle)) high = middle;
      else low = middle + 1;
    }
    return low - now;
  }
  return windowStart + 2 * windowMs - now;
}
