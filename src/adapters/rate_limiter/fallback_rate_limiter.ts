import type { Clock } from "../../ports/clock.ts";
import type { Logger } from "../../ports/logger.ts";
import type { RateLimiter, RateLimitPolicy } from "../../ports/rate_limiter.ts";

export interface FallbackRateLimiterOptions {
  /** The shared limiter (Redis); any call may throw. */
  primary: RateLimiter;
  /** Answers while the primary fails; expected never to throw (the memory adapter). */
  fallback: RateLimiter;
  logger: Logger;
  clock: Clock;
  /** Consecutive primary failures that open the circuit; 3 by default. */
  failureThreshold?: number;
  /** How long an open circuit skips the primary before one trial call; 10 000 ms by default. */
  cooldownMs?: number;
}

/**
 * Keeps rate limits in force through an outage of the shared limiter: a call the primary fails is
 * logged and answered by the fallback, and after `failureThreshold` failures in a row the primary
 * is skipped for `cooldownMs` (then one trial call decides), so an outage costs no latency. While
 * the fallback answers, limits are per instance: with N instances a client may get up to N times
 * the limit, and counts made before the outage are not seen. Weaker, never absent. `reset` always
 * clears the fallback too, so a reset made during an outage is not undone by stale local counts.
 */
export function withFallbackRateLimiter(options: FallbackRateLimiterOptions): RateLimiter {
  const { primary, fallback, logger, clock, failureThreshold = 3, cooldownMs = 10_000 } = options;
  let failures = 0;
  let openUntil = 0;
  let trialInFlight = false;

  async function guarded<R>(
    operation: "consume" | "peek" | "reset",
    policy: RateLimitPolicy,
    key: string,
    call: (limiter: RateLimiter) => Promise<R>,
  ): Promise<R> {
    const open = failures >= failureThreshold;
    if (open && (clock.now() < openUntil || trialInFlight)) return call(fallback);
    if (open) trialInFlight = true;
    try {
      const result = await call(primary);
      if (open) logger.info("Rate limiter primary recovered", { limiter: primary.name });
      failures = 0;
      return result;
    } catch (error) {
      failures += 1;
      if (failures >= failureThreshold) openUntil = clock.now() + cooldownMs;
      // Keys are emails and addresses: only the policy is named, and the key is masked in the
      // reason in case the primary's message quotes it.
      logger.warn("Rate limiter primary failed, answering from per-instance counters", {
        limiter: primary.name,
        policy: policy.name,
        operation,
        consecutiveFailures: failures,
        circuitOpen: failures >= failureThreshold,
        reason: reasonOf(error, key),
      });
      return call(fallback);
    } finally {
      if (open) trialInFlight = false;
    }
  }

  return {
    name: `${primary.name}+fallback`,
    consume: (policy, key, cost) =>
      guarded("consume", policy, key, (limiter) => limiter.consume(policy, key, cost)),
    peek: (policy, key) => guarded("peek", policy, key, (limiter) => limiter.peek(policy, key)),
    async reset(policy, key) {
      await fallback.reset(policy, key);
      await guarded("reset", policy, key, async (limiter) => {
        if (limiter !== fallback) await limiter.reset(policy, key);
      });
    },
    async flush() {
      await primary.flush().catch(() => {});
      await fallback.flush().catch(() => {});
    },
  };
}

function reasonOf(error: unknown, key: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return (key === "" ? message : message.replaceAll(key, "[key]")).slice(0, 300);
}
