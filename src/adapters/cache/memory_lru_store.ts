import type { CacheEntry, CacheStore } from "../../ports/cache.ts";
import type { Clock } from "../../ports/clock.ts";

/** Name of the in-process tier; the tiered cache skips timing for it because it costs microseconds. */
export const MEMORY_STORE_NAME = "memory";

/**
 * An in-process, bounded LRU tier. A Map keeps insertion order, so re-inserting a key on access makes
 * the first key the least recently used one.
 *
 * Cached values are treated as immutable: the value is stored by reference and every reader gets
 * that same object, so callers must not mutate what they pass to `set` or receive from `get`.
 * Cloning on each read would cost more than the lookup itself on the hot path. The entry wrapper is
 * copied and frozen, so a caller cannot change when a stored value expires.
 */
export function createMemoryLruStore(options: { maxEntries: number; clock: Clock }): CacheStore {
  const { maxEntries, clock } = options;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(
      `Cannot create memory cache: maxEntries "${maxEntries}" is not a positive integer`,
    );
  }
  const entries = new Map<string, Readonly<CacheEntry<unknown>>>();

  return {
    name: MEMORY_STORE_NAME,
    get<T>(key: string): Promise<CacheEntry<T> | undefined> {
      const entry = entries.get(key);
      if (entry === undefined) return Promise.resolve(undefined);
      entries.delete(key);
      if (clock.now() >= entry.staleUntil) return Promise.resolve(undefined);
      entries.set(key, entry);
      return Promise.resolve(entry as CacheEntry<T>);
    },
    set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
      entries.delete(key);
      if (clock.now() >= entry.staleUntil) return Promise.resolve();
      entries.set(key, Object.freeze({ ...entry }));
      // Expired entries are not swept eagerly: they either age out of the LRU order or are dropped
      // by the `get` that finds them, which keeps `set` O(1).
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
      return Promise.resolve();
    },
    remove(keys: string[]): Promise<void> {
      for (const key of keys) entries.delete(key);
      return Promise.resolve();
    },
    clear(): Promise<void> {
      entries.clear();
      return Promise.resolve();
    },
    ping(): Promise<void> {
      return Promise.resolve();
    },
  };
}
