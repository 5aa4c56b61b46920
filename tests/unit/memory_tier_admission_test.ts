import assert from "node:assert/strict";
import { createFrequencySketch, hashKey } from "../../src/adapters/cache/frequency_sketch.ts";
import { createMemoryLruStore } from "../../src/adapters/cache/memory_lru_store.ts";
import { seededRandom, zipfSampler } from "../../scripts/bench/entitlements_support.ts";
import { ManualClock } from "../support/manual_clock.ts";

const FOREVER = { freshUntil: Number.MAX_SAFE_INTEGER, staleUntil: Number.MAX_SAFE_INTEGER };

Deno.test("frequency sketch counts accesses per key and saturates at 15", () => {
  const sketch = createFrequencySketch(1_000);
  const hot = hashKey("user:hot");
  for (let i = 0; i < 7; i++) sketch.increment(hot);
  for (let i = 0; i < 100; i++) sketch.increment(hashKey(`user:${i}`));
  assert.equal(sketch.estimate(hot), 7);
  assert.equal(sketch.estimate(hashKey("user:never")), 0);
  for (let i = 0; i < 100; i++) sketch.increment(hot);
  assert.equal(sketch.estimate(hot), 15, "4-bit counters stop at 15");
});

Deno.test("frequency sketch halves every counter after 10 x capacity increments", () => {
  const sketch = createFrequencySketch(16);
  const old = hashKey("user:old");
  for (let i = 0; i < 12; i++) sketch.increment(old);
  // 160 increments in all (10 x 16) trigger the halving; then the old key is no longer hot.
  let i = 0;
  for (let before = -1; sketch.additions > before && i < 10_000; i++) {
    before = sketch.additions;
    sketch.increment(hashKey(`user:new:${i}`));
  }
  assert.ok(i >= 140 && i <= 160, `the halving came after ${i} new keys`);
  // 12 halved is 6; keys sharing all four of its counters may add one before or after.
  const estimate = sketch.estimate(old);
  assert.ok(estimate >= 6 && estimate <= 7, `estimate ${estimate} after the halving`);
});

Deno.test("memory tier: a scan of one-hit keys does not flush the hot set", async () => {
  const clock = new ManualClock(1_000);
  const store = createMemoryLruStore({ maxEntries: 1_000, clock });
  const read = async (key: string) => {
    const hit = await store.get(key);
    if (!hit) await store.set(key, { value: key, ...FOREVER });
    return hit !== undefined;
  };
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < 500; i++) await read(`hot:${i}`);
  }
  // Twenty times the tier's size of keys read once each: plain LRU would keep none of the hot ones.
  for (let i = 0; i < 20_000; i++) await read(`scan:${i}`);
  let kept = 0;
  for (let i = 0; i < 500; i++) if (await store.get(`hot:${i}`)) kept++;
  assert.ok(kept >= 490, `kept ${kept} of 500 hot keys`);
  assert.ok(store.usage().entries <= 1_000, `holds ${store.usage().entries} entries`);
});

Deno.test("memory tier: Zipf(1) over 300,000 keys hits within 5 points of the ideal", async () => {
  const keys = 300_000, capacity = 10_000, warmup = 100_000, measured = 400_000;
  const clock = new ManualClock(1_000);
  const store = createMemoryLruStore({ maxEntries: capacity, clock });
  const draw = zipfSampler(keys, 1, seededRandom(13));
  let hits = 0;
  for (let i = 0; i < warmup + measured; i++) {
    const key = `user:${draw()}`;
    if (await store.get(key)) {
      if (i >= warmup) hits++;
    } else await store.set(key, { value: 1, ...FOREVER });
  }
  // The ideal: the share of requests that go to the `capacity` most popular keys.
  let all = 0, top = 0;
  for (let k = 1; k <= keys; k++) {
    all += 1 / k;
    if (k <= capacity) top += 1 / k;
  }
  const rate = hits / measured, ideal = top / all;
  console.log(
    `Zipf(1), ${keys} keys, tier of ${capacity}: hit rate ${(rate * 100).toFixed(1)}% ` +
      `(ideal ${(ideal * 100).toFixed(1)}%)`,
  );
  assert.ok(rate >= ideal - 0.05, `hit rate ${rate} against ideal ${ideal}`);
  assert.ok(store.usage().entries <= capacity);
});

Deno.test("memory tier: the byte bound holds when the window admits into main", async () => {
  const clock = new ManualClock(1_000);
  const store = createMemoryLruStore({ maxEntries: 1_000, maxBytes: 64 * 1024, clock });
  const value = "x".repeat(400);
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 300; i++) {
      const key = `k:${i % (round + 1) === 0 ? i : i + 1_000 * round}`;
      if (!(await store.get(key))) await store.set(key, { value, ...FOREVER });
    }
    assert.ok(store.usage().bytes <= 64 * 1024, JSON.stringify(store.usage()));
  }
  await store.remove(Array.from({ length: 4_000 }, (_, i) => `k:${i}`));
  assert.deepEqual(store.usage(), { entries: 0, bytes: 0 });
});
