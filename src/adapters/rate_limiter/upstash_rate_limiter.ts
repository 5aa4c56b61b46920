import { Ratelimit } from "@upstash/ratelimit";
import type { RateLimiter, RateLimitPolicy, RateLimitState } from "../../ports/rate_limiter.ts";
import { createUpstashClient } from "../upstash/upstash_client.ts";

export interface UpstashRateLimiterOptions {
  /** The database's REST URL (`UPSTASH_REDIS_REST_URL`). */
  url: string;
  /** The REST token; it never appears in an error message. */
  token: string;
  /** Upper bound for one call, every request it sends included; a failed call is not retried. */
  timeoutMs: number;
  /** Prepended to every counter key: `<prefix>:<policy>:<key>:<window>`. "pitchey:rl" by default. */
  prefix?: string;
}

/**
 * Shared sliding-window counters: `Ratelimit.slidingWindow` from @upstash/ratelimit over Upstash's
 * REST API, one `Ratelimit` per policy. Every failure, a timeout included, is thrown: the library's
 * own `timeout` would answer "allowed" instead, so it is disabled and each call is aborted after
 * `timeoutMs`. Wrap this adapter in the fallback adapter to keep limiting during an outage.
 */
export function createUpstashRateLimiter(options: UpstashRateLimiterOptions): RateLimiter {
  const { prefix = "pitchey:rl" } = options;
  const { redis, call } = createUpstashClient({
    url: options.url,
    token: options.token,
    timeoutMs: options.timeoutMs,
    // The client's default, kept: @upstash/ratelimit, not this adapter, reads the replies.
    automaticDeserialization: true,
  });
  const limiters = new Map<string, { policy: RateLimitPolicy; ratelimit: Ratelimit }>();

  function limiterFor(policy: RateLimitPolicy): Ratelimit {
    const known = limiters.get(policy.name);
    if (known?.policy.limit === policy.limit && known.policy.windowMs === policy.windowMs) {
      return known.ratelimit;
    }
    const ratelimit = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(policy.limit, `${policy.windowMs} ms`),
      prefix: prefixOf(policy),
      // 0 disables the race that resolves { success: true, reason: "timeout" }: fail-open, silently.
      timeout: 0,
      analytics: false,
      // On by default: a Map of refused identifiers that answers "refused" until the window ends
      // without asking Redis, so a reset made elsewhere is not seen and counts are not exact.
      ephemeralCache: false,
      enableTelemetry: false,
    });
    limiters.set(policy.name, { policy, ratelimit });
    return ratelimit;
  }

  const prefixOf = (policy: RateLimitPolicy) => `${prefix}:${encodeURIComponent(policy.name)}`;

  return {
    name: "redis",
    consume(policy, key, cost = 1) {
      if (!Number.isInteger(cost) || cost < 1) {
        return Promise.reject(
          new RangeError(`Cannot consume ${cost} units: a cost is a positive integer`),
        );
      }
      const ratelimit = limiterFor(policy);
      return call(`consume from rate limit "${policy.name}" in Redis`, "write", async () => {
        // The script refuses only when the count is already at the limit and otherwise counts the
        // whole cost, even past the limit. Reading first keeps a cost that does not fit uncounted;
        // a concurrent caller can still slip in between, which over-counts (stricter, not laxer).
        if (cost > 1) {
          const { remaining, reset } = await ratelimit.getRemaining(key);
          if (remaining < cost) return stateOf(policy, false, remaining, reset);
        }
        const { success, remaining, reset } = await ratelimit.limit(key, { rate: cost });
        return stateOf(policy, success, remaining, reset);
      });
    },
    peek(policy, key) {
      const ratelimit = limiterFor(policy);
      return call(`read rate limit "${policy.name}" from Redis`, "read", async () => {
        const { remaining, reset } = await ratelimit.getRemaining(key);
        return stateOf(policy, true, remaining, reset);
      });
    },
    async reset(policy, key) {
      // Not `resetUsedTokens`: it runs a Lua script that SCANs the whole keyspace for the glob
      // `<prefix>:<key>:*`, blocking Redis for a time that grows with the database, and a key
      // holding `*`, `?` or `[` matches other keys' counters. Only two windows are ever read (the
      // current and the previous); the next one is deleted too in case the window turns meanwhile.
      const window = Math.floor(Date.now() / policy.windowMs);
      const base = `${prefixOf(policy)}:${key}:`;
      await call(
        `reset rate limit "${policy.name}" in Redis`,
        "write",
        () => redis.del(base + (window - 1), base + window, base + (window + 1)),
      );
    },
    // Every unit is written when it is counted.
    flush: () => Promise.resolve(),
  };
}

/** `reset` from the library is the end of the current fixed window, in epoch milliseconds. */
function stateOf(
  policy: RateLimitPolicy,
  allowed: boolean,
  remaining: number,
  reset: number,
): RateLimitState {
  return {
    allowed,
    limit: policy.limit,
    remaining: Math.max(0, remaining),
    resetAt: reset,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((reset - Date.now()) / 1000)),
  };
}
