import type { CacheEntry } from "../../ports/cache.ts";

/** One cached entry and where it sits: 0 window, 1 probation, 2 protected. */
export interface Slot {
  readonly key: string;
  /** `hashKey(key)`, kept so the sketch is not re-hashed on every hit. */
  readonly hash: number;
  readonly entry: Readonly<CacheEntry<unknown>>;
  readonly bytes: number;
  at: 0 | 1 | 2;
}

/** The share of entries in the window LRU (Caffeine's starting point). */
const WINDOW_SHARE = 0.01;
/** The share of the main LRU kept for entries hit again after admission. */
const PROTECTED_SHARE = 0.8;

/** The three LRU segments of W-TinyLFU and the admission rule; the store keeps the index. */
export interface Segments {
  /**
   * Adds a new slot at the head of the window. When that pushes the window's oldest slot out, it
   * is admitted to probation if it is more frequent than the main LRU's victim (or main has room);
   * returns whichever slot lost, already out of its segment, for the store to forget.
   */
  insert(slot: Slot): Slot | undefined;
  /** Records a hit: most recent in its segment; a probation hit moves to protected. */
  touch(slot: Slot): void;
  /**
   * The slot to evict when the byte bound is exceeded: the window's oldest or the main LRU's
   * victim, whichever the sketch counts less often (the window's on a tie). Still in place.
   */
  victimForSpace(): Slot | undefined;
  remove(slot: Slot): void;
  clear(): void;
}

/**
 * W-TinyLFU (Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
 * 2017): a window LRU of about 1% of the entries absorbs bursts of new keys; the main LRU is
 * segmented (probation, then protected after a second hit, 80% of main), and it only takes a key
 * from the window when `frequency` says the newcomer is requested more often than its victim.
 * Maps keep insertion order, so re-inserting a key makes it the most recent.
 */
export function createSegments(maxEntries: number, frequency: (slot: Slot) => number): Segments {
  const windowMax = Math.max(1, Math.floor(maxEntries * WINDOW_SHARE));
  const mainMax = maxEntries - windowMax;
  const protectedMax = Math.floor(mainMax * PROTECTED_SHARE);
  const maps = [new Map<string, Slot>(), new Map<string, Slot>(), new Map<string, Slot>()] as const;
  const [window, probation, protectedLru] = maps;
  const oldest = (map: Map<string, Slot>): Slot | undefined => map.values().next().value;
  const place = (slot: Slot, at: 0 | 1 | 2) => {
    slot.at = at;
    maps[at].set(slot.key, slot);
  };
  const mainVictim = () => oldest(probation) ?? oldest(protectedLru);

  return {
    insert(slot) {
      place(slot, 0);
      if (window.size <= windowMax) return undefined;
      const candidate = oldest(window)!;
      window.delete(candidate.key);
      if (probation.size + protectedLru.size < mainMax) {
        place(candidate, 1);
        return undefined;
      }
      const victim = mainVictim();
      if (victim === undefined || frequency(candidate) <= frequency(victim)) return candidate;
      maps[victim.at].delete(victim.key);
      place(candidate, 1);
      return victim;
    },
    touch(slot) {
      maps[slot.at].delete(slot.key);
      if (slot.at !== 1 || protectedMax === 0) return place(slot, slot.at);
      place(slot, 2);
      if (protectedLru.size > protectedMax) {
        const demoted = oldest(protectedLru)!;
        protectedLru.delete(demoted.key);
        place(demoted, 1);
      }
    },
    victimForSpace() {
      const candidate = oldest(window);
      const victim = mainVictim();
      if (candidate === undefined || victim === undefined) return candidate ?? victim;
      return frequency(candidate) > frequency(victim) ? victim : candidate;
    },
    remove(slot) {
      maps[slot.at].delete(slot.key);
    },
    clear() {
      for (const map of maps) map.clear();
    },
  };
}
