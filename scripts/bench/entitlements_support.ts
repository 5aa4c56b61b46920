/**
 * Helpers of `entitlements.ts`: a seeded PRNG and a Zipf sampler. Its HTTP load runs on
 * `load_generator.ts` and its servers and Redis cleanup come from `bench_servers.ts`.
 */

/** A seeded PRNG (mulberry32): the same draws on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws ranks 0..n-1 with P(rank k) proportional to 1 / (k + 1)^s (inverse CDF, binary search),
 * mapped through a seeded random permutation so popularity is unrelated to insertion order.
 */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cdf[k] = total += 1 / Math.pow(k + 1, s);
  for (let k = 0; k < n; k++) cdf[k]! /= total;
  const permutation = Uint32Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [permutation[k], permutation[j]] = [permutation[j]!, permutation[k]!];
  }
  return () => {
    const u = random();
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return permutation[lo]!;
  };
}
