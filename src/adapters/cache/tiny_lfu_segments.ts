import type { CacheEntry } from "../../ports/cache.ts";

/** One cached entry and where it sits: 0 window, 1 probation, 2 protected. */
export interface Slot {
  readonly key: string;
  /** `hashKey(key)`, kept so the sketch is not re-hashed on every hit. */
  readonly hash: number;
  readonly entry: Readonly<CacheEntry<unknown>>;
  readonly bytes: number;
  at: 0 | 1 | 2;
  /** Neighbours in its segment's list: `older` towards eviction. */
  older: Slot | undefined;
  newer: Slot | undefined;
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

/** An intrusive doubly linked list, oldest first: O(1) moves without Map iteration. */
interface List {
  oldest: Slot | undefined;
  newest: Slot | undefined;
  size: number;
}

/**
 * W-TinyLFU (Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
 * 2017): a window LRU of about 1% of the entries absorbs bursts of new keys; the main LRU is
 * segmented (probation, then protected after a second hit, 80% of main), and it only takes a key
 * from the window when `frequency` says the newcomer is requested more often than its victim.
 */
export function createSegments(maxEntries: number, frequency: (slot: Slot) => number): Segments {
  const windowMax = Math.max(1, Math.floor(maxEntries * WINDOW_SHARE));
  const mainMax = maxEntries - windowMax;
  const protectedMax = Math.floor(mainMax * PROTECTED_SHARE);
  const lists: [List, List, List] = [emptyList(), emptyList(), emptyList()];
  const [window, probation, protectedLru] = lists;
  const mainVictim = () => probation.oldest ?? protectedLru.oldest;

  return {
    insert(slot) {
      push(lists[0], slot, 0);
      if (window.size <= windowMax) return undefined;
      const candidate = window.oldest!;
      unlink(window, candidate);
      if (probation.size + protectedLru.size < mainMax) {
        push(probation, candidate, 1);
        return undefined;
      }
      const victim = mainVictim();
      if (victim === undefined || frequency(candidate) <= frequency(victim)) return candidate;
      unlink(lists[victim.at], victim);
      push(probation, candidate, 1);
      return victim;
    },
    touch(slot) {
      unlink(lists[slot.at], slot);
      if (slot.at !== 1 || protectedMax === 0) return push(lists[slot.at], slot, slot.at);
      push(protectedLru, slot, 2);
      if (protectedLru.size > protectedMax) {
        const demoted = protectedLru.oldest!;
        unlink(protectedLru, demoted);
        push(probation, demoted, 1);
      }
    },
    victimForSpace() {
      const candidate = window.oldest;
      const victim = mainVictim();
      if (candidate === undefined || victim === undefined) return candidate ?? victim;
      return frequency(candidate) > frequency(victim) ? victim : candidate;
    },
    remove(slot) {
      unlink(lists[slot.at], slot);
    },
    clear() {
      for (const list of lists) Object.assign(list, emptyList());
    },
  };
}

function emptyList(): List {
  return { oldest: undefined, newest: undefined, size: 0 };
}

function push(list: List, slot: Slot, at: 0 | 1 | 2): void {
  slot.at = at;
  slot.older = list.newest;
  slot.newer = undefined;
  if (list.newest) list.newest.newer = slot;
  else list.oldest = slot;
  list.newest = slot;
  list.size++;
}

/** Takes `slot` out of `list`; a slot already out (both links cleared, not an end) is left alone. */
function unlink(list: List, slot: Slot): void {
  if (slot.older === undefined && slot.newer === undefined && list.oldest !== slot) return;
  if (slot.older) slot.older.newer = slot.newer;
  else list.oldest = slot.newer;
  if (slot.newer) slot.newer.older = slot.older;
  else list.newest = slot.older;
  slot.older = slot.newer = undefined;
  list.size--;
}
