import assert from "node:assert/strict";
import { createPromiseTracker } from "../../src/adapters/background/promise_tracker.ts";
import { createMemoryLruStore } from "../../src/adapters/cache/memory_lru_store.ts";
import { createTieredCache } from "../../src/adapters/cache/tiered_cache.ts";
import { withTimings } from "../../src/lib/timing.ts";
import { cacheNamespace } from "../../src/ports/cache.ts";
import { createRemoteStoreFake, type RemoteStoreFake } from "../support/cache_stores.ts";
import { ManualClock } from "../support/manual_clock.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";

interface Pitch {
  id: string;
  title: string;
}

const pitches = cacheNamespace<Pitch>({ name: "pitch", freshMs: 1_000, staleMs: 5_000 });
const slugs = cacheNamespace<Pitch>({ name: "slug", freshMs: 1_000, staleMs: 0, negativeMs: 500 });
const v1: Pitch = { id: "p1", title: "First draft" };
const v2: Pitch = { id: "p1", title: "Second draft" };

function setup(
  options: { clock?: ManualClock; remote?: RemoteStoreFake; maxEntries?: number } = {},
) {
  const clock = options.clock ?? new ManualClock();
  const logger = createMemoryLogger();
  const background = createPromiseTracker(logger);
  const memory = createMemoryLruStore({ maxEntries: options.maxEntries ?? 100, clock });
  const remote = options.remote ?? createRemoteStoreFake({ clock });
  const cache = createTieredCache({ tiers: [memory, remote], clock, logger, background });
  return { clock, logger, background, memory, remote, cache };
}

/** An origin whose answer tests change; `gate`, when set, holds every load until it resolves. */
function createOrigin(value: Pitch | undefined) {
  const origin = {
    value,
    calls: 0,
    gate: undefined as Promise<void> | undefined,
    error: undefined as Error | undefined,
    load: async (): Promise<Pitch | undefined> => {
      origin.calls += 1;
      const { value, error } = origin;
      if (origin.gate) await origin.gate;
      if (error) throw error;
      return value;
    },
  };
  return origin;
}

/** Lets every pending microtask and zero-delay timer run, so started loads reach their gate. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function warnings(logger: ReturnType<typeof createMemoryLogger>) {
  return logger.lines
    .filter((line) => line.level === "warn")
    .map(({ message, tier, op, error }) => ({ message, tier, op, error }));
}

Deno.test("tiered cache reads through its tiers", async (t) => {
  await t.step(
    "tiered cache loads a missing key once and serves the next read from cache",
    async () => {
      const { cache, background } = setup();
      const origin = createOrigin(v1);
      assert.deepEqual(
        await cache.swr(pitches, "p1", origin.load),
        v1,
        "first read returns the loaded value",
      );
      assert.deepEqual(
        await cache.swr(pitches, "p1", origin.load),
        v1,
        "second read returns the cached value",
      );
      assert.equal(origin.calls, 1, "load runs only for the first read");
      await background.drain();
    },
  );

  await t.step(
    "tiered cache serves a fresh hit from memory without asking the remote tier",
    async () => {
      const { cache, background, remote } = setup();
      const origin = createOrigin(v1);
      await cache.swr(pitches, "p1", origin.load);
      await background.drain();
      assert.ok(
        remote.entries.has("pitch:p1"),
        `remote holds "pitch:p1": ${[...remote.entries.keys()]}`,
      );
      const getsAfterMiss = remote.calls.get;
      await cache.swr(pitches, "p1", origin.load);
      assert.equal(remote.calls.get, getsAfterMiss, "a memory hit does not read the remote tier");
    },
  );

  await t.step("tiered cache backfills memory from a lower-tier hit", async () => {
    const clock = new ManualClock();
    const remote = createRemoteStoreFake({ clock });
    const first = setup({ clock, remote });
    await first.cache.swr(pitches, "p1", createOrigin(v1).load);
    await first.background.drain();

    // A second instance shares Redis but has its own empty memory, like another isolate.
    const second = setup({ clock, remote });
    const origin = createOrigin(v2);
    assert.deepEqual(await second.cache.swr(pitches, "p1", origin.load), v1, "served from remote");
    assert.equal(origin.calls, 0, "a remote hit does not call load");
    await second.background.drain();
    assert.deepEqual((await second.memory.get("pitch:p1"))?.value, v1, "memory was backfilled");
    const gets = remote.calls.get;
    await second.cache.swr(pitches, "p1", origin.load);
    assert.equal(remote.calls.get, gets, "the next read is served by memory");
  });

  await t.step("tiered cache times remote tier calls but not memory calls", async () => {
    const clock = new ManualClock();
    const remote = createRemoteStoreFake({ clock });
    const first = setup({ clock, remote });
    await first.cache.swr(pitches, "p1", createOrigin(v1).load);
    await first.background.drain();
    const second = setup({ clock, remote });

    const remoteRead = withTimings(() => second.cache.get(pitches, "p1"));
    assert.deepEqual(await remoteRead.result, v1);
    await second.background.drain();
    assert.deepEqual(remoteRead.timings.totals.get("cache")?.count, 1, "one remote get is timed");

    const memoryRead = withTimings(() => second.cache.get(pitches, "p1"));
    assert.deepEqual(await memoryRead.result, v1);
    assert.equal(memoryRead.timings.totals.get("cache"), undefined, "a memory hit is not timed");
  });

  await t.step("tiered cache get reads without loading and set writes every tier", async () => {
    const { cache, clock, remote, memory } = setup();
    assert.equal(await cache.get(pitches, "p1"), undefined, "get on a miss returns undefined");
    await cache.set(pitches, "p1", v1);
    assert.deepEqual(await cache.get(pitches, "p1"), v1, "get returns what set wrote");
    const now = clock.now();
    const expected = { value: v1, freshUntil: now + 1_000, staleUntil: now + 6_000 };
    assert.deepEqual(remote.entries.get("pitch:p1"), expected, "remote entry uses namespace times");
    assert.deepEqual(await memory.get("pitch:p1"), expected, "memory entry uses namespace times");
    clock.advance(2_000);
    assert.deepEqual(await cache.get(pitches, "p1"), v1, "get returns a stale value");
    clock.advance(4_000);
    assert.equal(await cache.get(pitches, "p1"), undefined, "get misses past staleUntil");
  });
});

Deno.test("tiered cache stale-while-revalidate", async (t) => {
  await t.step(
    "tiered cache serves a stale value at once and refreshes it in the background",
    async () => {
      const { cache, clock, background } = setup();
      const origin = createOrigin(v1);
      await cache.swr(pitches, "p1", origin.load);
      await background.drain();
      clock.advance(1_500);
      origin.value = v2;
      assert.deepEqual(
        await cache.swr(pitches, "p1", origin.load),
        v1,
        "stale value is served at once",
      );
      await background.drain();
      assert.equal(origin.calls, 2, "the stale read started exactly one refresh");
      assert.deepEqual(
        await cache.swr(pitches, "p1", origin.load),
        v2,
        "refreshed value is served",
      );
      assert.equal(origin.calls, 2, "the refreshed value is fresh, so no further load");
    },
  );

  await t.step("tiered cache loads before answering once a value is past staleUntil", async () => {
    const { cache, clock, background } = setup();
    const origin = createOrigin(v1);
    await cache.swr(pitches, "p1", origin.load);
    clock.advance(6_000);
    origin.value = v2;
    assert.deepEqual(
      await cache.swr(pitches, "p1", origin.load),
      v2,
      "expired value is not served",
    );
    assert.equal(origin.calls, 2, "load ran again for the expired key");
    await background.drain();
  });

  await t.step("tiered cache keeps serving the stale value when a refresh fails", async () => {
    const { cache, clock, background, logger } = setup();
    const origin = createOrigin(v1);
    await cache.swr(pitches, "p1", origin.load);
    clock.advance(1_500);
    origin.error = new Error("Database is down");
    assert.deepEqual(
      await cache.swr(pitches, "p1", origin.load),
      v1,
      "stale value despite failure",
    );
    await background.drain();
    assert.deepEqual(warnings(logger), [
      {
        message: "Cache refresh failed",
        tier: undefined,
        op: undefined,
        error: "Database is down",
      },
    ]);
    assert.deepEqual(
      await cache.swr(pitches, "p1", origin.load),
      v1,
      "still served after the failure",
    );
    await background.drain();
  });

  await t.step("tiered cache drops a stale value whose refresh finds it gone", async () => {
    const { cache, clock, background, remote } = setup();
    const origin = createOrigin(v1);
    await cache.swr(pitches, "p1", origin.load);
    clock.advance(1_500);
    origin.value = undefined;
    assert.deepEqual(await cache.swr(pitches, "p1", origin.load), v1, "stale value served once");
    await background.drain();
    assert.equal(await cache.get(pitches, "p1"), undefined, "no longer served after the refresh");
    assert.equal(remote.entries.size, 0, `remote emptied: ${[...remote.entries.keys()]}`);
  });
});

Deno.test("tiered cache coalescing and invalidation", async (t) => {
  await t.step("tiered cache coalesces 50 concurrent loads of a cold key into one", async () => {
    const { cache, background } = setup();
    const origin = createOrigin(v1);
    const release = Promise.withResolvers<void>();
    origin.gate = release.promise;
    const reads = Array.from({ length: 50 }, () => cache.swr(pitches, "p1", origin.load));
    await settle();
    release.resolve();
    const results = await Promise.all(reads);
    assert.equal(origin.calls, 1, "load ran once for 50 concurrent misses");
    assert.ok(results.every((result) => result === results[0]), "every caller got the same value");
    assert.deepEqual(results[0], v1);
    await background.drain();
  });

  await t.step(
    "tiered cache coalesces concurrent misses even when load answers at once",
    async () => {
      const { cache, background } = setup();
      const origin = createOrigin(v1);
      const results = await Promise.all(
        Array.from({ length: 50 }, () => cache.swr(pitches, "p1", origin.load)),
      );
      assert.equal(origin.calls, 1, "load ran once for 50 concurrent misses");
      assert.ok(
        results.every((result) => result === results[0]),
        "every caller got the same value",
      );
      await background.drain();
    },
  );

  await t.step(
    "tiered cache remove drops a key from every tier so the next read loads",
    async () => {
      const { cache, background, memory, remote } = setup();
      const origin = createOrigin(v1);
      await cache.swr(pitches, "p1", origin.load);
      await background.drain();
      await cache.remove(pitches, "p1");
      assert.equal(await memory.get("pitch:p1"), undefined, "memory no longer holds the key");
      assert.equal(remote.entries.has("pitch:p1"), false, "remote no longer holds the key");
      origin.value = v2;
      assert.deepEqual(
        await cache.swr(pitches, "p1", origin.load),
        v2,
        "next read goes to the origin",
      );
      assert.equal(origin.calls, 2);
      await background.drain();
    },
  );

  await t.step("tiered cache remove during an in-flight load keeps the old value out", async () => {
    const { cache, background, memory, remote } = setup();
    const origin = createOrigin(v1);
    const release = Promise.withResolvers<void>();
    origin.gate = release.promise;
    const inFlight = cache.swr(pitches, "p1", origin.load);
    await settle();
    await cache.remove(pitches, "p1");
    release.resolve();
    assert.deepEqual(await inFlight, v1, "the waiting caller still gets its answer");
    await background.drain();
    assert.equal(await memory.get("pitch:p1"), undefined, "memory did not take the old value");
    assert.equal(remote.entries.has("pitch:p1"), false, "remote did not take the old value");

    origin.gate = undefined;
    origin.value = v2;
    assert.deepEqual(await cache.swr(pitches, "p1", origin.load), v2, "next read loads anew");
    assert.equal(origin.calls, 2);
    await background.drain();
  });

  await t.step("tiered cache read after remove does not join the outdated load", async () => {
    const { cache, background } = setup();
    const old = createOrigin(v1);
    const release = Promise.withResolvers<void>();
    old.gate = release.promise;
    const outdated = cache.swr(pitches, "p1", old.load);
    await settle();
    await cache.remove(pitches, "p1");
    const current = createOrigin(v2);
    assert.deepEqual(await cache.swr(pitches, "p1", current.load), v2, "a new load answers");
    release.resolve();
    await outdated;
    await background.drain();
    assert.deepEqual(await cache.get(pitches, "p1"), v2, "the outdated load did not overwrite");
  });
});

Deno.test("tiered cache negative caching and loader errors", async (t) => {
  await t.step("tiered cache remembers a not-found for negativeMs without loading", async () => {
    const { cache, clock, background } = setup();
    const origin = createOrigin(undefined);
    assert.equal(await cache.swr(slugs, "missing", origin.load), undefined);
    assert.equal(await cache.swr(slugs, "missing", origin.load), undefined);
    assert.equal(origin.calls, 1, "the not-found was served from cache");
    assert.equal(await cache.get(slugs, "missing"), undefined, "get hides the negative entry");
    clock.advance(500);
    await cache.swr(slugs, "missing", origin.load);
    assert.equal(origin.calls, 2, "the negative entry expired after negativeMs");
    await background.drain();
  });

  await t.step("tiered cache stores nothing for a not-found without negativeMs", async () => {
    const { cache, background, remote, memory } = setup();
    const origin = createOrigin(undefined);
    assert.equal(await cache.swr(pitches, "missing", origin.load), undefined);
    assert.equal(await cache.swr(pitches, "missing", origin.load), undefined);
    await background.drain();
    assert.equal(origin.calls, 2, "every read asks the origin");
    assert.equal(await memory.get("pitch:missing"), undefined, "memory stays empty");
    assert.equal(remote.calls.set, 0, "nothing was written to the remote tier");
  });

  await t.step(
    "tiered cache rethrows a loader error to every caller and caches nothing",
    async () => {
      const { cache, background, remote } = setup();
      const origin = createOrigin(v1);
      origin.error = new Error("Database is down");
      const release = Promise.withResolvers<void>();
      origin.gate = release.promise;
      const reads = Array.from({ length: 5 }, () => cache.swr(pitches, "p1", origin.load));
      await settle();
      release.resolve();
      const outcomes = await Promise.allSettled(reads);
      for (const outcome of outcomes) {
        assert.equal(outcome.status, "rejected", `every caller sees the error: ${outcome.status}`);
        assert.equal(outcome.reason, origin.error, "the loader's own error reaches the caller");
      }
      assert.equal(origin.calls, 1, "concurrent callers shared the failing load");
      await background.drain();
      assert.equal(remote.calls.set, 0, "nothing was cached for the failure");
      origin.error = undefined;
      origin.gate = undefined;
      assert.deepEqual(await cache.swr(pitches, "p1", origin.load), v1, "next read loads again");
      assert.equal(origin.calls, 2);
      await background.drain();
    },
  );
});

Deno.test("tiered cache tier failures", async (t) => {
  for (const failure of ["reject", "throw"] as const) {
    await t.step(`tiered cache treats a lower tier that fails (${failure}) as a miss`, async () => {
      const { cache, background, remote, logger } = setup();
      remote.failure = failure;
      const origin = createOrigin(v1);
      assert.deepEqual(await cache.swr(pitches, "p1", origin.load), v1, "value comes from load");
      await cache.remove(pitches, "p2");
      await background.drain();
      const error = 'Remote cache "remote" is unavailable';
      assert.deepEqual(warnings(logger), [
        { message: "Cache tier failed", tier: "remote", op: "get", error },
        { message: "Cache tier failed", tier: "remote", op: "set", error },
        { message: "Cache tier failed", tier: "remote", op: "remove", error },
      ]);
      assert.deepEqual(await cache.swr(pitches, "p1", origin.load), v1, "memory still serves");
      assert.equal(origin.calls, 1);
    });
  }

  await t.step("tiered cache answers before a slow lower tier finishes its write", async () => {
    const { cache, background, remote } = setup();
    remote.delayMs = 20;
    assert.deepEqual(await cache.swr(pitches, "p1", createOrigin(v1).load), v1);
    assert.equal(remote.entries.size, 0, "the remote write is still pending");
    assert.deepEqual(await cache.get(pitches, "p1"), v1, "memory already serves the value");
    await background.drain();
    assert.ok(remote.entries.has("pitch:p1"), "the remote write finished in the background");
  });

  await t.step(
    "tiered cache health reports each tier, with the error of a failed one",
    async () => {
      const { cache, remote } = setup();
      remote.failure = "reject";
      const report = await cache.health();
      assert.deepEqual(
        report.map(({ tier, ok, error }) => ({ tier, ok, error })),
        [
          { tier: "memory", ok: true, error: undefined },
          { tier: "remote", ok: false, error: 'Remote cache "remote" is unavailable' },
        ],
        JSON.stringify(report),
      );
      for (const tier of report) assert.ok(tier.latencyMs >= 0, `latency of ${tier.tier}`);
    },
  );
});

Deno.test("memory LRU store", async (t) => {
  const clock = new ManualClock();
  const entry = (value: string) => ({
    value,
    freshUntil: clock.now() + 10,
    staleUntil: clock.now() + 20,
  });

  await t.step(
    "memory LRU store evicts the least recently used entry beyond maxEntries",
    async () => {
      const store = createMemoryLruStore({ maxEntries: 2, clock });
      await store.set("a", entry("a"));
      await store.set("b", entry("b"));
      await store.get("a");
      await store.set("c", entry("c"));
      assert.equal(await store.get("b"), undefined, "b was least recently used");
      assert.equal((await store.get("a"))?.value, "a", "a was touched, so it stays");
      assert.equal((await store.get("c"))?.value, "c", "c was just written");
    },
  );

  await t.step("memory LRU store drops an entry once past staleUntil", async () => {
    const store = createMemoryLruStore({ maxEntries: 2, clock });
    await store.set("a", entry("a"));
    clock.advance(19);
    assert.equal((await store.get("a"))?.value, "a", "still within staleUntil");
    clock.advance(1);
    assert.equal(await store.get("a"), undefined, "gone at staleUntil");
  });

  await t.step("memory LRU store keeps its own copy of the entry's times", async () => {
    const store = createMemoryLruStore({ maxEntries: 2, clock });
    const written = entry("a");
    await store.set("a", written);
    written.staleUntil = Number.MAX_SAFE_INTEGER;
    clock.advance(20);
    assert.equal(await store.get("a"), undefined, "the caller's change did not extend the entry");
  });

  await t.step("memory LRU store rejects a maxEntries that is not a positive integer", () => {
    assert.throws(() => createMemoryLruStore({ maxEntries: 0, clock }), RangeError);
  });

  await t.step("tiered cache falls back to the remote tier for keys memory evicted", async () => {
    const { cache, background, remote } = setup({ maxEntries: 1 });
    const origin = createOrigin(v1);
    await cache.swr(pitches, "p1", origin.load);
    await cache.swr(pitches, "p2", origin.load);
    await background.drain();
    const gets = remote.calls.get;
    assert.deepEqual(await cache.swr(pitches, "p1", origin.load), v1, "served from remote");
    assert.equal(remote.calls.get, gets + 1, "the evicted key was read from remote");
    assert.equal(origin.calls, 2, "no extra load for the evicted key");
    await background.drain();
  });
});

Deno.test("tiered cache keeps revocable namespaces out of memory without an invalidation log", async (t) => {
  const sessions = cacheNamespace<Pitch>({
    name: "session",
    freshMs: 60_000,
    staleMs: 0,
    revocable: true,
  });

  await t.step("with a shared tier, values live only there", async () => {
    const { cache, memory, remote, background } = setup();
    await cache.swr(sessions, "s1", createOrigin(v1).load);
    await background.drain();
    assert.equal(await memory.get("session:s1"), undefined, "memory must not hold it");
    assert.ok(remote.entries.has("session:s1"));
  });

  await t.step("a remove from another instance takes effect at once", async () => {
    const clock = new ManualClock();
    const remote = createRemoteStoreFake({ clock });
    const a = setup({ clock, remote });
    const b = setup({ clock, remote });
    await a.cache.swr(sessions, "s1", createOrigin(v1).load);
    await a.background.drain();
    assert.deepEqual(await b.cache.get(sessions, "s1"), v1);
    await a.cache.remove(sessions, "s1");
    const origin = createOrigin(undefined);
    assert.equal(await b.cache.swr(sessions, "s1", origin.load), undefined);
    assert.equal(origin.calls, 1, "instance b went to the origin");
  });

  await t.step("with memory as the only tier, memory is used", async () => {
    const clock = new ManualClock();
    const logger = createMemoryLogger();
    const background = createPromiseTracker(logger);
    const memory = createMemoryLruStore({ maxEntries: 10, clock });
    const cache = createTieredCache({ tiers: [memory], clock, logger, background });
    const origin = createOrigin(v1);
    await cache.swr(sessions, "s1", origin.load);
    await cache.swr(sessions, "s1", origin.load);
    assert.equal(origin.calls, 1);
  });
});

Deno.test("tiered cache: a remove waits for write-behind to the lower tier", async () => {
  const clock = new ManualClock();
  const remote = createRemoteStoreFake({ clock });
  const { cache, background } = setup({ clock, remote });
  // The Redis write of a fresh load is still in flight when the key is invalidated.
  // A slow write followed by a fast delete is how a network reorders them.
  remote.delayMs = 20;
  await cache.swr(pitches, "p1", createOrigin(v1).load);
  remote.delayMs = 0;
  await cache.remove(pitches, "p1");
  await background.drain();
  assert.ok(!remote.entries.has("pitch:p1"), "the old value must not land after the remove");
  const origin = createOrigin(v2);
  assert.deepEqual(await cache.swr(pitches, "p1", origin.load), v2);
  assert.equal(origin.calls, 1);
});
