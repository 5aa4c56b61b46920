import assert from "node:assert/strict";
import { createMemoryLruStore } from "../../src/adapters/cache/memory_lru_store.ts";
import { ManualClock } from "../support/manual_clock.ts";

const KB = 1024;

Deno.test("memory LRU store bounds", async (t) => {
  const clock = new ManualClock(1_000_000);
  const entry = (value: unknown, ttl = 60_000) => ({
    value,
    freshUntil: clock.now() + ttl,
    staleUntil: clock.now() + ttl,
  });

  await t.step("many large distinct values stay under the byte bound", async () => {
    const store = createMemoryLruStore({ maxEntries: 100_000, maxBytes: 512 * KB, clock });
    const page = {
      items: Array.from({ length: 40 }, (_, i) => ({ id: i, text: "x".repeat(500) })),
    };
    for (let i = 0; i < 1_500; i++) await store.set(`search:${i}`, entry(page));
    const { bytes, entries } = store.usage();
    assert.ok(bytes <= 512 * KB, `holds ${bytes} bytes in ${entries} entries`);
    assert.ok(entries > 0 && entries < 1_500, `evicted the oldest, kept ${entries}`);
    assert.equal((await store.get("search:1499"))?.value, page, "the newest value is still there");
    assert.equal(await store.get("search:0"), undefined, "the oldest was evicted");
  });

  await t.step("a value larger than the whole tier is not stored and evicts nothing", async () => {
    const store = createMemoryLruStore({ maxEntries: 10, maxBytes: 64 * KB, clock });
    await store.set("small", entry("s"));
    await store.set("huge", entry("y".repeat(100 * KB)));
    assert.equal(await store.get("huge"), undefined);
    assert.equal((await store.get("small"))?.value, "s");
  });

  await t.step("expired entries are swept by later writes without being read", async () => {
    const store = createMemoryLruStore({ maxEntries: 1_000, maxBytes: 1024 * KB, clock });
    for (let i = 0; i < 100; i++) await store.set(`short:${i}`, entry(i, 1_000));
    clock.advance(2_000);
    for (let i = 0; i < 100; i++) await store.set(`long:${i}`, entry(i));
    assert.equal(store.usage().entries, 100, "only the 100 live entries remain");
  });

  await t.step("removing and overwriting keeps the byte count exact", async () => {
    const store = createMemoryLruStore({ maxEntries: 10, maxBytes: 64 * KB, clock });
    await store.set("a", entry("x".repeat(1000)));
    await store.set("a", entry("x"));
    await store.remove(["a"]);
    assert.deepEqual(store.usage(), { entries: 0, bytes: 0 });
  });

  await t.step("a maxBytes that is not a positive integer is refused", () => {
    assert.throws(() => createMemoryLruStore({ maxEntries: 1, maxBytes: 0, clock }), RangeError);
  });
});
