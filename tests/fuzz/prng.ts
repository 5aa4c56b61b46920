/** A seeded source of randomness: the same seed always yields the same cases. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, max). */
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/**
 * mulberry32: a tiny 32-bit generator, plenty for choosing test inputs, and simple enough that a
 * seed printed by one run reproduces the same inputs on any machine.
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max) => Math.floor(next() * max),
    pick(items) {
      if (items.length === 0) throw new Error("Cannot pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (probability) => next() < probability,
  };
}

/**
 * Derives an independent seed from the run's seed and labels (FNV-1a), so each operation and case
 * gets its own stream: adding an operation or running one alone does not change the others' cases.
 */
export function deriveSeed(seed: number, ...labels: Array<string | number>): number {
  let hash = 0x811c9dc5 ^ seed;
  for (const char of labels.join("\u0001")) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The run's seed: `FUZZ_SEED` when set (to reproduce a run), else a fresh random one. */
export function runSeed(value = Deno.env.get("FUZZ_SEED")): number {
  if (value === undefined || value === "") return crypto.getRandomValues(new Uint32Array(1))[0]!;
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`FUZZ_SEED must be an integer from 0 to 4294967295, got "${value}"`);
  }
  return seed;
}
