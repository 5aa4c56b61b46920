import type { CacheEntry, CacheStore } from "../../ports/cache.ts";
import type { Clock } from "../../ports/clock.ts";

/** Name of the in-process tier; the tiered cache skips timing for it because it costs microseconds. */
export const MEMORY_STORE_NAME = "memory";

/** The default byte bound (`CACHE_MEMORY_MAX_BYTES`). */
export const DEFAULT_MEMORY_MAX_BYTES = 96 * 1024 * 1024;
/** Entries examined for expiry on every write, so dead entries never pile up unseen. */
const SWEEP_PER_SET = 4;
/** What a Map slot, the entry wrapper and its numbers cost beyond the key and value text. */
const ENTRY_OVERHEAD_BYTES = 120;

export interface MemoryLruOptions {
  maxEntries: number;
  /** Upper bound of the estimated size of keys and values; evicts the least recently used. */
  maxBytes?: number;
  clock: Clock;
}

/** An in-process tier that can say how full it is (health, metrics, tests). */
export interface MemoryLruStore extends CacheStore {
  usage(): { entries: number; bytes: number };
}

interface Slot {
  entry: Readonly<CacheEntry<unknown>>;
  bytes: number;
}

/**
 * An in-process LRU tier bounded by entry count and by bytes. A Map keeps insertion order, so
 * re-inserting a key on access makes the first key the least recently used one. Sizes are
 * estimated from the value's JSON text (two bytes a character, as V8 may store strings), which is
 * what an attacker controls: many large distinct values evict each other instead of growing the
 * process. Every write also checks a few entries for expiry, round robin, so expired entries are
 * reclaimed even when nobody reads them again.
 *
 * Cached values are treated as immutable: stored by reference, every reader gets the same object.
 */
export function createMemoryLruStore(options: MemoryLruOptions): MemoryLruStore {
  const { maxEntries, maxBytes = DEFAULT_MEMORY_MAX_BYTES, clock } = options;
  for (const [name, value] of [["maxEntries", maxEntries], ["maxBytes", maxBytes]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(
        `Cannot create memory cache: ${name} "${value}" is not a positive integer`,
      );
    }
  }
  const slots = new Map<string, Slot>();
  let bytes = 0;
  let sweepCursor: Iterator<[string, Slot]> | undefined;

  const drop = (key: string) => {
    const slot = slots.get(key);
    if (slot === undefined) return;
    slots.delete(key);
    bytes -= slot.bytes;
  };

  // Resumes where the last sweep stopped; a Map iterator tolerates deletes and sees later inserts.
  const sweep = (now: number) => {
    for (let i = 0; i < SWEEP_PER_SET; i++) {
      sweepCursor ??= slots.entries();
      const next = sweepCursor.next();
      if (next.done) {
        sweepCursor = undefined;
        return;
      }
      const [key, slot] = next.value;
      if (now >= slot.entry.staleUntil) drop(key);
    }
  };

  return {
    name: MEMORY_STORE_NAME,
    get<T>(key: string): Promise<CacheEntry<T> | undefined> {
      const slot = slots.get(key);
      if (slot === undefined) return Promise.resolve(undefined);
      slots.delete(key);
      if (clock.now() >= slot.entry.staleUntil) {
        bytes -= slot.bytes;
        return Promise.resolve(undefined);
      }
      slots.set(key, slot);
      return Promise.resolve(slot.entry as CacheEntry<T>);
    },
    set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
      drop(key);
      const now = clock.now();
      sweep(now);
      if (now >= entry.staleUntil) return Promise.resolve();
      const size = estimateBytes(key, entry.value);
      // One value larger than the whole tier would only flush everything else out.
      if (size > maxBytes) return Promise.resolve();
      slots.set(key, { entry: Object.freeze({ ...entry }), bytes: size });
      bytes += size;
      while (slots.size > maxEntries || bytes > maxBytes) {
        const oldest = slots.keys().next();
        if (oldest.done) break;
        drop(oldest.value);
      }
      return Promise.resolve();
    },
    remove(keys: string[]): Promise<void> {
      for (const key of keys) drop(key);
      return Promise.resolve();
    },
    clear(): Promise<void> {
      slots.clear();
      bytes = 0;
      sweepCursor = undefined;
      return Promise.resolve();
    },
    ping(): Promise<void> {
      return Promise.resolve();
    },
    usage: () => ({ entries: slots.size, bytes }),
  };
}

function estimateBytes(key: string, value: unknown): number {
  const text = value === null ? "" : JSON.stringify(value) ?? "";
  return 2 * (key.length + text.length) + ENTRY_OVERHEAD_BYTES;
}
