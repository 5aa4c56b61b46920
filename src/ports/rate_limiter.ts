/**
 * How a limiter that can count locally treats a policy. "exact": every unit is decided by the
 * shared store synchronously (lockouts, security mail: a unit over the limit is a hole). "local":
 * each instance decides from its own count and reconciles with the shared store in batches, so a
 * client spread over N instances may overshoot by a bounded amount (request-rate budgets, where a
 * synchronous write per request costs the far region a cross-ocean round trip).
 */
export type RateLimitPrecision = "exact" | "local";

/** A named limit: at most `limit` units per sliding `windowMs`. */
export interface RateLimitPolicy {
  /** Stable name; part of every counter key ("login-account", "api-user"). */
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
  /** "exact" when unset, so a policy nobody thought about stays exact. */
  readonly precision?: RateLimitPrecision;
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
  /**
   * Writes the units counted locally and not yet shared (shutdown). Best effort: never throws,
   * resolves at once when nothing is held.
   */
  flush(): Promise<void>;
}
