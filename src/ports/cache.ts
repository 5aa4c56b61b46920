/**
 * A cache namespace: one kind of value with its own freshness rules. Keys inside a namespace are
 * plain strings; the namespace name prefixes them in every tier.
 */
export interface CacheNamespace<_T> {
  readonly name: string;
  /** How long a value is served without a refresh. */
  readonly freshMs: number;
  /** How long past `freshMs` a value may still be served while it is refreshed in the background. */
  readonly staleMs: number;
  /** Freshness of a cached "not found"; 0 disables negative caching for the namespace. */
  readonly negativeMs?: number;
  /**
   * Keep "not found" entries in this instance's bounded memory tier only. For keys a client makes
   * up (token digests): a flood of them must not fill the shared tier that every instance uses.
   */
  readonly negativeInMemoryOnly?: boolean;
  /**
   * For values whose removal must reach every instance within a bounded time (a revoked session).
   * A memory copy is served only while this instance has applied the invalidation log within the
   * last two poll intervals (about 2 s); an instance further behind polls first and waits for it,
   * and one that cannot read the log (Redis down) loads from the origin, skipping every tier.
   * Without an invalidation log, the shared tiers only; with memory as the only tier, memory.
   */
  readonly revocable?: boolean;
}

/** Declares a namespace; the type parameter ties the values stored under it to their readers. */
export function cacheNamespace<T>(spec: CacheNamespace<T>): CacheNamespace<T> {
  return spec;
}

/**
 * One stored entry. `value === null` records a confirmed "not found" (negative caching). Times are
 * epoch milliseconds from the cache's clock.
 */
export interface CacheEntry<T> {
  value: T | null;
  freshUntil: number;
  staleUntil: number;
}

/**
 * One tier of the cache (memory, Redis). Contract: `get` returns undefined on a miss; a tier that
 * cannot answer (Redis down, timeout) throws, and the tiered cache turns that into a miss plus a log.
 */
export interface CacheStore {
  readonly name: string;
  get<T>(key: string): Promise<CacheEntry<T> | undefined>;
  /** Stores the entry until its `staleUntil`. */
  set<T>(key: string, entry: CacheEntry<T>): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /**
   * Drops every entry. Only per-instance tiers implement it: the tiered cache calls it on the
   * memory tier when invalidations from other instances can no longer be replayed.
   */
  clear?(): Promise<void>;
  /** Round trip used by the readiness check. */
  ping(): Promise<void>;
}

/**
 * The application's cache: tiered, stale-while-revalidate, coalescing. It never throws because of a
 * tier failure; only a loader's own error reaches the caller.
 */
export interface Cache {
  /**
   * Returns the cached value, or calls `load` on a miss. Concurrent misses of one key share a single
   * `load` call. A stale hit is returned at once and refreshed in the background. `load` returning
   * undefined means "not found" and is cached for the namespace's `negativeMs`.
   */
  swr<T>(
    ns: CacheNamespace<T>,
    key: string,
    load: () => Promise<T | undefined>,
  ): Promise<T | undefined>;
  /** Reads without loading: undefined on a miss or an expired entry. */
  get<T>(ns: CacheNamespace<T>, key: string): Promise<T | undefined>;
  set<T>(ns: CacheNamespace<T>, key: string, value: T): Promise<void>;
  /** Drops keys from every tier so the next read goes to the origin. */
  remove<T>(ns: CacheNamespace<T>, ...keys: string[]): Promise<void>;
  /** Checks each tier; used by `GET /health/ready`. */
  health(): Promise<CacheHealth[]>;
  /** How full this instance's memory tier is (estimated bytes); zeros when there is none. */
  memoryUsage(): { entries: number; bytes: number };
}

export interface CacheHealth {
  tier: string;
  ok: boolean;
  latencyMs: number;
  error?: string;
}
