import { rateLimitRefusals } from "../../lib/metrics/app_metrics.ts";
import type { RateLimiter, RateLimitPolicy } from "../../ports/rate_limiter.ts";

/**
 * Counts every refused `consume` in `pitchey_rate_limit_refusals_total` by policy name, whoever
 * asked (the request limits, the login lockouts, the mail limits). Policy names are a fixed list
 * (`policies.ts`), so the label stays bounded.
 */
export function withRefusalCounts(limiter: RateLimiter): RateLimiter {
  return {
    name: limiter.name,
    async consume(policy: RateLimitPolicy, key: string, cost?: number) {
      const state = await limiter.consume(policy, key, cost);
      if (!state.allowed) rateLimitRefusals.at(policy.name).inc();
      return state;
    },
    peek: (policy, key) => limiter.peek(policy, key),
    reset: (policy, key) => limiter.reset(policy, key),
    flush: () => limiter.flush(),
  };
}
