import { circuitBreakers } from "../../lib/metrics/app_metrics.ts";
import type { CacheEntry, CacheStore } from "../../ports/cache.ts";
import type { Clock } from "../../ports/clock.ts";

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before one trial call is let through. */
  cooldownMs: number;
  clock: Clock;
}

/** Thrown instead of calling the tier while its circuit is open. */
export class CircuitOpenError extends Error {
  constructor(tier: string) {
    super(`Cache tier "${tier}" is skipped after repeated failures`);
    this.name = "CircuitOpenError";
  }
}

/**
 * Wraps a remote tier so an outage costs each request nothing instead of one timeout: after
 * `failureThreshold` failures in a row, calls fail at once for `cooldownMs`; then a single trial
 * call decides whether to close the circuit again. `ping` always reaches the tier, so readiness
 * reports the truth and a successful ping closes the circuit.
 */
export function withCircuitBreaker(store: CacheStore, options: CircuitBreakerOptions): CacheStore {
  let failures = 0;
  let openUntil = 0;
  let trialInFlight = false;

  async function guarded<R>(work: () => Promise<R>): Promise<R> {
    const now = options.clock.now();
    const open = failures >= options.failureThreshold;
    if (open && (now < openUntil || trialInFlight)) throw new CircuitOpenError(store.name);
    if (open) trialInFlight = true;
    try {
      const result = await work();
      failures = 0;
      return result;
    } catch (error) {
      failures += 1;
      if (failures >= options.failureThreshold) {
        openUntil = options.clock.now() + options.cooldownMs;
      }
      throw error;
    } finally {
      if (open) trialInFlight = false;
    }
  }

  // What `pitchey_cache_circuit_state` reports: the breaker built last for a tier name wins (one
  // per process outside tests).
  circuitBreakers.set(store.name, () => {
    if (failures < options.failureThreshold) return 0;
    return options.clock.now() < openUntil || trialInFlight ? 1 : 2;
  });

  return {
    name: store.name,
    get: <T>(key: string) => guarded(() => store.get<T>(key)),
    set: <T>(key: string, entry: CacheEntry<T>) => guarded(() => store.set(key, entry)),
    remove: (keys: string[]) => guarded(() => store.remove(keys)),
    async ping() {
      await store.ping();
      failures = 0;
    },
  };
}
