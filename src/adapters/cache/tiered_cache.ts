import { createKeyJoiner } from "../../lib/joined_keys.ts";
import { cacheLookups } from "../../lib/metrics/app_metrics.ts";
import type { CounterSeries } from "../../lib/metrics/registry.ts";
import { timed } from "../../lib/timing.ts";
import { traced } from "../../lib/tracing.ts";
import type { Background } from "../../ports/background.ts";
import type {
  Cache,
  CacheEntry,
  CacheHealth,
  CacheNamespace,
  CacheStore,
} from "../../ports/cache.ts";
import type { Clock } from "../../ports/clock.ts";
import type { InvalidationChannel } from "../../ports/invalidation_channel.ts";
import type { Logger } from "../../ports/logger.ts";
import { createCoalescer } from "./coalescer.ts";
import { followInvalidations } from "./invalidation_follower.ts";
import { MEMORY_STORE_NAME, type MemoryLruStore } from "./memory_lru_store.ts";

/** What the tiered cache is built from; `tiers` are ordered fastest first (memory, then Redis). */
export interface TieredCacheOptions {
  tiers: CacheStore[];
  clock: Clock;
  logger: Logger;
  background: Background;
  /** Brings other instances' `remove` and `set` into this instance's memory tier (see follower). */
  invalidations?: { channel: InvalidationChannel; pollIntervalMs: number; catchUpWaitMs?: number };
}

type TierOp = "get" | "set" | "remove";
const SPAN_NAMES = { get: "cache.get", set: "cache.set", remove: "cache.remove" } as const;
type Loader<T> = () => Promise<T | undefined>;

/**
 * The application's `Cache`: reads tiers in order, backfills faster tiers from slower ones, serves
 * stale values while one coalesced load refreshes them, and turns every tier failure into a miss or
 * a skipped write plus one warn line.
 */
export function createTieredCache(options: TieredCacheOptions): Cache {
  const { tiers, clock, logger, background } = options;
  const flights = createCoalescer();
  const sharedTiers = tiers.filter((tier) => tier.name !== MEMORY_STORE_NAME);
  const follower = followInvalidations({ ...options, onInvalidate: (k) => flights.invalidate(k) });
  // Where values of `ns` are written: a revocable namespace without an invalidation log to keep
  // memory copies honest stays out of memory.
  const tiersFor = (ns: CacheNamespace<unknown>) =>
    ns.revocable && !follower && sharedTiers.length > 0 ? sharedTiers : tiers;

  const targetsOf = (ns: CacheNamespace<unknown>, entry: CacheEntry<unknown>) =>
    entry.value === null && ns.negativeInMemoryOnly
      ? tiersFor(ns).filter((tier) => tier.name === MEMORY_STORE_NAME)
      : tiersFor(ns);

  /**
   * Where a read of `ns` may look now. A revocable value is read from the tiers only while this
   * instance is caught up with the invalidation log; otherwise the origin answers. The log lives
   * in Redis, so an instance that cannot read it most likely cannot read Redis either: asking it
   * anyway would add a second timeout to the request.
   */
  async function readTiers(ns: CacheNamespace<unknown>): Promise<CacheStore[]> {
    if (!ns.revocable || !follower || sharedTiers.length === 0) return tiersFor(ns);
    return await follower.catchUp() ? tiers : [];
  }
  // Background writes to slower tiers, by key: a remove or set waits for them, or a write that
  // started before it could land after it and bring the old value back.
  const pending = new Map<string, Promise<unknown>>();

  function writeBehind<T>(targets: CacheStore[], key: string, entry: CacheEntry<T>) {
    const write = writeTo(targets, key, entry).finally(() => {
      if (pending.get(key) === write) pending.delete(key);
    });
    pending.set(key, write);
    background.waitUntil(write);
  }

  const settled = (keys: string[]) => Promise.all(keys.map((key) => pending.get(key)));

  // A failing tier must never fail the request: the origin can still answer, only slower.
  async function attempt<R>(tier: CacheStore, op: TierOp, work: () => Promise<R>) {
    try {
      // Timing the memory tier would cost about as much as the lookup it measures.
      if (tier.name === MEMORY_STORE_NAME) return await work();
      const span = () => traced(SPAN_NAMES[op], () => ({ "pitchey.cache.tier": tier.name }), work);
      return await timed("cache", span);
    } catch (error) {
      logger.warn("Cache tier failed", { tier: tier.name, op, error: describe(error) });
      return undefined;
    }
  }

  async function writeTo<T>(targets: CacheStore[], key: string, entry: CacheEntry<T>) {
    await Promise.all(targets.map((tier) => attempt(tier, "set", () => tier.set(key, entry))));
  }

  async function removeEverywhere(keys: string[]) {
    await Promise.all(tiers.map((tier) => attempt(tier, "remove", () => tier.remove(keys))));
  }

  async function lookup<T>(
    ns: CacheNamespace<unknown>,
    key: string,
    list: CacheStore[],
  ): Promise<CacheEntry<T> | undefined> {
    follower?.maybePoll();
    const generation = follower?.generation;
    for (const [index, tier] of list.entries()) {
      const entry = await attempt(tier, "get", () => tier.get<T>(key));
      const counts = lookupCounts(tier, ns);
      // A remote tier may keep an entry slightly past staleUntil (TTL rounding): that is a miss.
      const now = clock.now();
      if (entry === undefined || now >= entry.staleUntil) {
        counts.miss.inc();
        continue;
      }
      (now >= entry.freshUntil ? counts.stale : counts.hit).inc();
      // A poll that dropped memory entries meanwhile may have been about this value.
      const current = generation === follower?.generation;
      if (index > 0 && current) writeBehind(list.slice(0, index), key, entry);
      return entry;
    }
    return undefined;
  }

  // The first tier is written before returning so an immediate re-read hits; slower tiers follow
  // in the background so a slow Redis does not delay the response.
  async function store<T>(key: string, entry: CacheEntry<T>, list: CacheStore[]) {
    const [first, ...rest] = list;
    if (first) await writeTo([first], key, entry);
    if (rest.length > 0) writeBehind(rest, key, entry);
  }

  function loadAndStore<T>(
    ns: CacheNamespace<T>,
    key: string,
    load: Loader<T>,
    replacesStale: boolean,
  ): Promise<T | undefined> {
    return flights.run(key, async (flight) => {
      const generation = follower?.generation;
      const value = await load();
      // A remove or set, here or elsewhere (a poll just learnt of it), may have outdated the value.
      if (flight.invalidated || generation !== follower?.generation) return value;
      const entry = entryFor(ns, value, clock.now());
      if (entry) await store(key, entry, targetsOf(ns, entry));
      // The origin no longer has it and negative caching is off: stop serving the stale copy.
      else if (replacesStale) await removeEverywhere([key]);
      return value;
    });
  }

  function refreshInBackground<T>(ns: CacheNamespace<T>, key: string, load: Loader<T>) {
    const refresh = loadAndStore(ns, key, load, true).then(
      () => {},
      // The stale entry stays in place, so readers keep getting it until it expires. Only the
      // namespace is logged: a key can be a token digest or a user id.
      (error) =>
        logger.warn("Cache refresh failed", { namespace: ns.name, error: describe(error) }),
    );
    background.waitUntil(refresh);
  }

  async function ping(tier: CacheStore): Promise<CacheHealth> {
    const start = performance.now();
    try {
      await tier.ping();
      return { tier: tier.name, ok: true, latencyMs: performance.now() - start };
    } catch (error) {
      const latencyMs = performance.now() - start;
      return { tier: tier.name, ok: false, latencyMs, error: describe(error) };
    }
  }

  return {
    async swr<T>(ns: CacheNamespace<T>, key: string, load: Loader<T>) {
      const full = fullKey(ns, key);
      const entry = await lookup<T>(ns, full, await readTiers(ns));
      if (entry === undefined) return await loadAndStore(ns, full, load, false);
      if (clock.now() >= entry.freshUntil) refreshInBackground(ns, full, load);
      return entry.value ?? undefined;
    },
    async get<T>(ns: CacheNamespace<T>, key: string) {
      const entry = await lookup<T>(ns, fullKey(ns, key), await readTiers(ns));
      return entry?.value ?? undefined;
    },
    async set<T>(ns: CacheNamespace<T>, key: string, value: T) {
      const full = fullKey(ns, key);
      flights.invalidate(full);
      await settled([full]);
      const freshUntil = clock.now() + ns.freshMs;
      const entry = { value, freshUntil, staleUntil: freshUntil + ns.staleMs };
      await writeTo(tiersFor(ns), full, entry);
      follower?.announce([full]);
    },
    async remove(ns, ...keys) {
      const full = keys.map((key) => fullKey(ns, key));
      for (const key of full) flights.invalidate(key);
      await settled(full);
      await removeEverywhere(full);
      follower?.announce(full);
    },
    health: () => Promise.all(tiers.map(ping)),
    memoryUsage: () => {
      const memory = tiers.find((tier) => tier.name === MEMORY_STORE_NAME) as
        | Partial<MemoryLruStore>
        | undefined;
      return memory?.usage?.() ?? { entries: 0, bytes: 0 };
    },
  };
}

type LookupCounts = Record<"hit" | "stale" | "miss", CounterSeries>;
// Resolved once per tier and namespace, so a lookup records with two map reads and an addition.
const countsByTier = new WeakMap<CacheStore, Map<string, LookupCounts>>();

function lookupCounts(tier: CacheStore, ns: CacheNamespace<unknown>): LookupCounts {
  let byNamespace = countsByTier.get(tier);
  if (!byNamespace) countsByTier.set(tier, byNamespace = new Map());
  let counts = byNamespace.get(ns.name);
  if (!counts) {
    const series = (result: string) => cacheLookups.at(tier.name, ns.name, result);
    counts = { hit: series("hit"), stale: series("stale"), miss: series("miss") };
    byNamespace.set(ns.name, counts);
  }
  return counts;
}

function fullKey(ns: CacheNamespace<unknown>, key: string): string {
  return joinKey(ns.name, key);
}

// The same key object for a repeated key: the memory tier's Map then finds it by its kept hash.
const joinKey = createKeyJoiner(":");

/** The entry to store for a loaded value, or undefined when nothing should be cached. */
function entryFor<T>(ns: CacheNamespace<T>, value: T | undefined, now: number) {
  if (value !== undefined) {
    const freshUntil = now + ns.freshMs;
    return { value, freshUntil, staleUntil: freshUntil + ns.staleMs };
  }
  const negativeMs = ns.negativeMs ?? 0;
  if (negativeMs <= 0) return undefined;
  return { value: null, freshUntil: now + negativeMs, staleUntil: now + negativeMs };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
