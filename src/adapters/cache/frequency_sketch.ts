/**
 * How often keys were seen recently, approximately: a count-min sketch of 4-bit counters (four
 * rows, each key counted in one counter per row; its estimate is the smallest of the four), as in
 * TinyLFU (Einziger, Friedman, Manes 2017) and Caffeine. Counters saturate at 15 and every counter
 * is halved after `10 x capacity` increments, so the estimate follows what is popular now rather
 * than what was popular an hour ago. About 8 bytes per cache entry.
 */
export interface FrequencySketch {
  /** Counts one access of the key whose `hashKey` is `hash`. */
  increment(hash: number): void;
  /** The key's recent access count, 0 to 15 (an over-estimate when counters collide). */
  estimate(hash: number): number;
  /** Increments since the last halving; for tests. */
  readonly additions: number;
}

const ROWS = 4;
const MAX_COUNT = 15;
/** Per-row seeds of the index mix (odd constants). */
const SEEDS = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f] as const;
/** The largest row (2^22 counters, 2 MiB a row): beyond that, extra width buys little accuracy. */
const MAX_WIDTH = 1 << 22;

/** A sketch sized for a cache of `capacity` entries. */
export function createFrequencySketch(capacity: number): FrequencySketch {
  let width = 16;
  while (width < capacity * 4 && width < MAX_WIDTH) width *= 2;
  const mask = width - 1;
  // Two counters a byte: the low nibble holds even indexes, the high nibble odd ones.
  const table = new Uint8Array((ROWS * width) / 2);
  const sampleSize = 10 * Math.max(capacity, 16);
  let additions = 0;

  const indexOf = (hash: number, row: number) => {
    let x = Math.imul(hash ^ SEEDS[row]!, 0x2c1b3c6d);
    x ^= x >>> 15;
    return row * width + ((Math.imul(x, 0x297a2d39) ^ (x >>> 13)) & mask);
  };
  const read = (i: number) => (table[i >>> 1]! >>> ((i & 1) << 2)) & MAX_COUNT;

  return {
    increment(hash) {
      let added = false;
      for (let row = 0; row < ROWS; row++) {
        const i = indexOf(hash, row);
        if (read(i) < MAX_COUNT) {
          table[i >>> 1] = table[i >>> 1]! + (1 << ((i & 1) << 2));
          added = true;
        }
      }
      if (added && ++additions >= sampleSize) {
        // Halves both nibbles of every byte at once.
        for (let b = 0; b < table.length; b++) table[b] = (table[b]! >>> 1) & 0x77;
        additions = Math.floor(additions / 2);
      }
    },
    estimate(hash) {
      let min = MAX_COUNT;
      for (let row = 0; row < ROWS; row++) min = Math.min(min, read(indexOf(hash, row)));
      return min;
    },
    get additions() {
      return additions;
    },
  };
}

/** A 32-bit FNV-1a hash of a key's UTF-16 code units, what the sketch counts. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
