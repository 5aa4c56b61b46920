import type { CacheEntry, CacheStore } from "../../ports/cache.ts";
import type { Clock } from "../../ports/clock.ts";
import { createFrequencySketch, hashKey } from "./frequency_sketch.ts";
import { createSegments, type Slot } from "./tiny_lfu_segments.ts";

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
  /** Upper bound of the estimated size of keys and values. */
  maxBytes?: number;
  clock: Clock;
}

/** An in-process tier that can say how full it is (health, metrics, tests). */
export interface MemoryLruStore extends CacheStore {
  usage(): { entries: number; bytes: number };
}

/**
 * An in-process tier bounded by entry count and by bytes, with W-TinyLFU admission (see
 * `tiny_lfu_segments.ts`): a new key enters a small LRU window; when the window overflows, its
 * oldest key joins the main LRU only if the frequency sketch says it is requested more often than
 * the main LRU's own eviction candidate. A scan of one-hit keys therefore passes through the window
 * without flushing the popular keys, which plain LRU does (under Zipf traffic it loses about a
 * fifth of its hits to them). Sizes are estimated from the value's JSON text (two bytes a
 * character, as V8 may store strings), which is what an attacker controls: many large distinct
 * values evict each other instead of growing the process. Every write also checks a few entries
 * for expiry, round robin, so expired entries are reclaimed even when nobody reads them again.
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
  const sketch = createFrequencySketch(maxEntries);
  const segments = createSegments(maxEntries, (slot) => sketch.estimate(slot.hash));
  /** Every live slot by key, in insertion order (what the expiry sweep walks). */
  const slots = new Map<string, Slot>();
  let bytes = 0;
  let sweepCursor: Iterator<[string, Slot]> | undefined;
  // A miss is usually followed by a `set` of the same key: hash it once.
  let lastMiss = { key: "", hash: hashKey("") };

  const drop = (slot: Slot) => {
    slots.delete(slot.key);
    segments.remove(slot);
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
      const slot = next.value[1];
      if (now >= slot.entry.staleUntil) drop(slot);
    }
  };

  return {
    name: MEMORY_STORE_NAME,
    get<T>(key: string): Promise<CacheEntry<T> | undefined> {
      const slot = slots.get(key);
      if (slot === undefined) {
        if (lastMiss.key !== key) lastMiss = { key, hash: hashKey(key) };
        sketch.increment(lastMiss.hash);
        return Promise.resolve(undefined);
      }
      sketch.increment(slot.hash);
      if (clock.now() >= slot.entry.staleUntil) {
        drop(slot);
        return Promise.resolve(undefined);
      }
      segments.touch(slot);
      return Promise.resolve(slot.entry as CacheEntry<T>);
    },
    set<T>(key: string, entry: CacheEntry<T>): Promise<void> {
      const old = slots.get(key);
      if (old !== undefined) drop(old);
      const now = clock.now();
      sweep(now);
      if (now >= entry.staleUntil) return Promise.resolve();
      const size = estimateBytes(key, entry.value);
      // One value larger than the whole tier would only flush everything else out.
      if (size > maxBytes) return Promise.resolve();
      const hash = old?.hash ?? (lastMiss.key === key ? lastMiss.hash : hashKey(key));
      const slot: Slot = {
        key,
        hash,
        entry: Object.freeze({ ...entry }),
        bytes: size,
        at: 0,
        older: undefined,
        newer: undefined,
      };
      slots.set(key, slot);
      bytes += size;
      const evicted = segments.insert(slot);
      if (evicted !== undefined) drop(evicted);
      while (bytes > maxBytes) {
        const victim = segments.victimForSpace();
        if (victim === undefined) break;
        drop(victim);
      }
      return Promise.resolve();
    },
    remove(keys: string[]): Promise<void> {
      for (const key of keys) {
        const slot = slots.get(key);
        if (slot !== undefined) drop(slot);
      }
      return Promise.resolve();
    },
    clear(): Promise<void> {
      slots.clear();
      segments.clear();
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
