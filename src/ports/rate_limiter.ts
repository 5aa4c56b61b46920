/** A named limit: at most `limit` units per sliding `windowMs`. */
export interface RateLimitPolicy {
  /** Stable name; part of every counter key ("login-account", "api-user"). */
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
}

/** The state of one counter after a call. Times are epoch milliseconds. */
export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the window has fully slid past the units counted so far. */
  resetAt: number;
  /** Whole seconds until one more unit would be allowed; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Sliding-window counters. Contract: `consume` counts `cost` units against `key` and says whether
 * they fit (units that do not fit are not counted); `peek` reads without counting; `reset` clears
 * the counter. Implementations never throw for a backend outage: a shared backend that fails falls
 * back to a per-instance counter (see the fallback adapter).
 */
export interface RateLimiter {
  readonly name: string;
  consume(policy: RateLimitPolicy, key: string, cost?: number): Promise<RateLimitState>;
  peek(policy: RateLimitPolicy, key: string): Promise<RateLimitState>;
  reset(policy: RateLimitPolicy, key: string): Promise<void>;
}
