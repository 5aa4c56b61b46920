import assert from "node:assert/strict";
import { createPromiseTracker } from "../../src/adapters/background/promise_tracker.ts";
import {
  createMemoryInvalidationChannel,
  createMemoryInvalidationLog,
  type MemoryInvalidationLog,
} from "../../src/adapters/cache/memory_invalidation_channel.ts";
import { createMemoryLruStore } from "../../src/adapters/cache/memory_lru_store.ts";
import { createTieredCache } from "../../src/adapters/cache/tiered_cache.ts";
import { cacheNamespace } from "../../src/ports/cache.ts";
import type { InvalidationChannel } from "../../src/ports/invalidation_channel.ts";
import { createRemoteStoreFake, type RemoteStoreFake } from "../support/cache_stores.ts";
import { ManualClock } from "../support/manual_clock.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";

interface Pitch {
  id: string;
  title: string;
}

// Fresh for a minute, so moving the clock past a poll interval never makes an entry stale.
const pitches = cacheNamespace<Pitch>({ name: "pitch", freshMs: 60_000, staleMs: 60_000 });
const sessions = cacheNamespace<Pitch>({
  name: "session",
  freshMs: 60_000,
  staleMs: 0,
  revocable: true,
});
const v1: Pitch = { id: "p1", title: "First draft" };
const v2: Pitch = { id: "p1", title: "Second draft" };
const POLL_MS = 1_000;

/** Counts calls and can fail them, in front of a real in-memory channel. */
function countingChannel(inner: InvalidationChannel) {
  const spy = {
    calls: { publish: 0, poll: 0 },
    failure: undefined as Error | undefined,
    /** When set, every poll waits for it, so a test can hold a poll in flight. */
    gate: undefined as Promise<void> | undefined,
  };
  const channel: InvalidationChannel = {
    publish(keys) {
      spy.calls.publish += 1;
      return spy.failure ? Promise.reject(spy.failure) : inner.publish(keys);
    },
    async poll(cursor) {
      spy.calls.poll += 1;
      if (spy.gate) await spy.gate;
      if (spy.failure) throw spy.failure;
      return await inner.poll(cursor);
    },
  };
  return Object.assign(spy, { channel });
}

/** One instance (a Deno Deploy isolate): its own memory tier over the shared remote tier. */
function instance(
  id: string,
  shared: { clock: ManualClock; remote: RemoteStoreFake; log: MemoryInvalidationLog },
) {
  const { clock, remote, log } = shared;
  const logger = createMemoryLogger();
  const background = createPromiseTracker(logger);
  const memory = createMemoryLruStore({ maxEntries: 100, clock });
  const spy = countingChannel(createMemoryInvalidationChannel({ log, instanceId: id }));
  const cache = createTieredCache({
    tiers: [memory, remote],
    clock,
    logger,
    background,
    invalidations: { channel: spy.channel, pollIntervalMs: POLL_MS },
  });
  return { cache, memory, logger, background, spy };
}

function setup(maxLog?: number) {
  const clock = new ManualClock();
  const shared = {
    clock,
    remote: createRemoteStoreFake({ clock }),
    log: createMemoryInvalidationLog(maxLog),
  };
  return { ...shared, a: instance("a", shared), b: instance("b", shared) };
}

/** An origin whose answer tests change, counting its loads. */
function createOrigin(value: Pitch | undefined) {
  const origin = {
    value,
    calls: 0,
    gate: undefined as Promise<void> | undefined,
    load: async () => {
      origin.calls += 1;
      const answer = origin.value;
      if (origin.gate) await origin.gate;
      return answer;
    },
  };
  return origin;
}

/** B's first read starts its first poll (the cursor); then B caches v1 in its memory tier. */
async function warmUp({ a, b }: ReturnType<typeof setup>, origin = createOrigin(v1)) {
  await a.cache.swr(pitches, "p1", origin.load);
  await a.background.drain();
  assert.deepEqual(await b.cache.swr(pitches, "p1", origin.load), v1, "B reads A's value");
  await b.background.drain();
  assert.deepEqual((await b.memory.get("pitch:p1"))?.value, v1, "B keeps v1 in memory");
  assert.equal(b.spy.calls.poll, 1, "B's first read polled once, to set its cursor");
  return origin;
}

/**
 * B starts a load of p1 and holds it; A invalidates (`invalidate`); B polls and learns of it; then
 * the load finishes. Its caller still gets the value, but neither tier may keep it.
 */
async function assertHeldLoadDiscarded(
  env: ReturnType<typeof setup>,
  invalidate: (a: ReturnType<typeof setup>["a"]) => Promise<void>,
) {
  const { a, b, clock, remote } = env;
  await b.cache.get(pitches, "warm-up");
  await b.background.drain();
  const origin = createOrigin(v1);
  const release = Promise.withResolvers<void>();
  origin.gate = release.promise;
  const inFlight = b.cache.swr(pitches, "p1", origin.load);
  await settle();
  assert.equal(origin.calls, 1, "B's load is in flight");
  await invalidate(a);
  await a.background.drain();
  clock.advance(POLL_MS);
  await b.cache.get(pitches, "other");
  await b.background.drain();
  release.resolve();
  assert.deepEqual(await inFlight, v1, "the waiting caller still gets its answer");
  await b.background.drain();
  assert.equal(await b.memory.get("pitch:p1"), undefined, "memory did not take the value");
  assert.equal(remote.entries.has("pitch:p1"), false, "remote did not take the value");
}

/** Lets every pending microtask and zero-delay timer run, so a started load reaches its gate. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function warnings(logger: ReturnType<typeof createMemoryLogger>) {
  return logger.lines.filter((line) => line.level === "warn").map(({ message, error }) => ({
    message,
    error,
  }));
}

Deno.test("invalidation follower brings other instances' writes into memory", async (t) => {
  await t.step(
    "B serves its memory copy after A's set until it polls, then the new value",
    async () => {
      const env = setup();
      const { a, b, clock, remote } = env;
      await warmUp(env);
      await a.cache.set(pitches, "p1", v2);
      await a.background.drain();
      assert.equal(a.spy.calls.publish, 1, "A published its set once");

      assert.deepEqual(await b.cache.get(pitches, "p1"), v1, "before the interval B serves memory");
      clock.advance(POLL_MS);
      const gets = remote.calls.get;
      assert.deepEqual(await b.cache.get(pitches, "p1"), v1, "the read that polls does not wait");
      assert.equal(b.spy.calls.poll, 2, "that read started a poll");
      await b.background.drain();
      assert.equal(await b.memory.get("pitch:p1"), undefined, "the poll dropped B's memory copy");
      assert.deepEqual(await b.cache.get(pitches, "p1"), v2, "the next read gets A's value");
      assert.equal(remote.calls.get, gets + 1, "from the remote tier");
    },
  );

  await t.step("after A's remove, B's next read past the interval goes to the origin", async () => {
    const env = setup();
    const { a, b, clock } = env;
    const origin = await warmUp(env);
    await a.cache.remove(pitches, "p1");
    await a.background.drain();
    origin.value = v2;
    assert.deepEqual(await b.cache.swr(pitches, "p1", origin.load), v1, "memory until polled");
    clock.advance(POLL_MS);
    await b.cache.swr(pitches, "p1", origin.load);
    await b.background.drain();
    assert.deepEqual(await b.cache.swr(pitches, "p1", origin.load), v2, "loaded anew");
    assert.equal(origin.calls, 2, "the origin answered A's first load and B's reload");
    await b.background.drain();
  });

  await t.step("A keeps its own fresh entries when it reads its own publications", async () => {
    const env = setup();
    const { a, clock, remote } = env;
    await warmUp(env);
    await a.cache.set(pitches, "p1", v2);
    clock.advance(POLL_MS);
    await a.cache.get(pitches, "p1");
    await a.background.drain();
    assert.equal(a.spy.calls.poll, 2, "A polled");
    const gets = remote.calls.get;
    assert.deepEqual(await a.cache.get(pitches, "p1"), v2);
    assert.equal(remote.calls.get, gets, "A's memory still serves its own value");
  });
});

Deno.test("invalidation follower bounds how long a revocable value outlives its removal", async (t) => {
  /** B reads s1 once (its first poll runs first), caching it in memory. */
  async function warmSession(env: ReturnType<typeof setup>) {
    const origin = createOrigin(v1);
    await env.a.cache.swr(sessions, "s1", origin.load);
    await env.a.background.drain();
    assert.deepEqual(await env.b.cache.swr(sessions, "s1", origin.load), v1);
    await env.b.background.drain();
    assert.deepEqual((await env.b.memory.get("session:s1"))?.value, v1, "B keeps it in memory");
    assert.equal(env.b.spy.calls.poll, 1, "B's first read waited for its first poll");
    return origin;
  }

  /** B caches s1; A removes it; B falls two intervals behind, and its next poll is held. */
  async function removedWhileBHoldsAPoll(env: ReturnType<typeof setup>) {
    const origin = await warmSession(env);
    await env.a.cache.remove(sessions, "s1");
    await env.a.background.drain();
    origin.value = undefined;
    const release = Promise.withResolvers<void>();
    env.b.spy.gate = release.promise;
    env.clock.advance(2 * POLL_MS);
    return { origin, release };
  }

  await t.step("while B is in step with the log, reads cost no remote call", async () => {
    const env = setup();
    const { b, clock, remote } = env;
    await warmSession(env);
    const gets = remote.calls.get;
    for (let i = 0; i < 20; i++) assert.deepEqual(await b.cache.get(sessions, "s1"), v1);
    clock.advance(2 * POLL_MS - 1);
    assert.deepEqual(await b.cache.get(sessions, "s1"), v1);
    await b.background.drain();
    assert.equal(remote.calls.get, gets, "memory answered every read");
    assert.equal(b.spy.calls.poll, 2, "the read past one interval polled in the background");
  });

  await t.step("A's remove is refused by B's first read two intervals later", async () => {
    const env = setup();
    const { a, b, clock } = env;
    const origin = await warmSession(env);
    await a.cache.remove(sessions, "s1");
    await a.background.drain();
    assert.equal(a.spy.calls.publish, 1, "revocable keys are announced");
    origin.value = undefined;
    clock.advance(2 * POLL_MS);
    assert.equal(await b.cache.swr(sessions, "s1", origin.load), undefined, "B caught up first");
    assert.equal(b.spy.calls.poll, 2, "by waiting for one poll");
  });

  await t.step("A's own remove takes effect on A at once", async () => {
    const env = setup();
    const { a } = env;
    const origin = await warmSession(env);
    await a.cache.remove(sessions, "s1");
    origin.value = undefined;
    assert.equal(await a.cache.swr(sessions, "s1", origin.load), undefined);
  });

  await t.step("when B cannot read the log the origin answers, after one wait", async () => {
    const env = setup();
    const { a, b, clock, remote } = env;
    const origin = await warmSession(env);
    b.spy.failure = new Error("Invalidation channel is down");
    await a.cache.remove(sessions, "s1");
    await a.background.drain();
    origin.value = undefined;
    clock.advance(2 * POLL_MS);
    const gets = remote.calls.get;
    const loads = origin.calls;
    assert.equal(await b.cache.swr(sessions, "s1", origin.load), undefined, "not the memory copy");
    assert.equal(b.spy.calls.poll, 2, "the failed poll was waited for");
    assert.equal(origin.calls, loads + 1, "the origin answered");
    assert.equal(remote.calls.get, gets, "without a second wait on the shared tier");
    assert.equal(await b.cache.swr(sessions, "s1", origin.load), undefined);
    assert.equal(b.spy.calls.poll, 2, "no retry, and no wait, before the interval");
    assert.equal(remote.calls.get, gets, "the shared tier is skipped while out of step");
    await b.background.drain();

    // Back in step: memory is served again (the reload put the new answer there).
    b.spy.failure = undefined;
    clock.advance(POLL_MS);
    await b.cache.get(sessions, "s1");
    await b.background.drain();
    assert.equal(b.spy.calls.poll, 3, "the background retry after one interval succeeded");
  });

  await t.step("a poll in flight holds an out-of-step read until it lands", async () => {
    const env = setup();
    const { b } = env;
    const { origin, release } = await removedWhileBHoldsAPoll(env);
    let answered = false;
    const read = b.cache.swr(sessions, "s1", origin.load).then((value) => {
      answered = true;
      return value;
    });
    await settle();
    assert.equal(answered, false, "the read waits for the poll");
    release.resolve();
    assert.equal(await read, undefined, "and then sees the removal");
    await b.background.drain();
  });

  await t.step("a poll that hangs holds a read a tenth of an interval at most", async () => {
    const env = setup();
    const { b } = env;
    const { origin, release } = await removedWhileBHoldsAPoll(env);
    const loads = origin.calls;
    const started = performance.now();
    assert.equal(await b.cache.swr(sessions, "s1", origin.load), undefined, "the origin answered");
    const waited = performance.now() - started;
    assert.equal(origin.calls, loads + 1);
    // A lower bound only: the wait is a timer, so it cannot end early, whatever the machine load.
    assert.ok(waited >= POLL_MS / 10 - 5, `waited ${waited.toFixed(0)} ms for the poll first`);
    release.resolve();
    await b.background.drain();
    assert.equal(b.spy.calls.poll, 2, "the poll finished in the background");
  });
});

Deno.test("invalidation follower polls at most once per interval", async (t) => {
  await t.step("reads before the interval make no channel call", async () => {
    const env = setup();
    const { b, clock } = env;
    await warmUp(env);
    for (let i = 0; i < 50; i++) await b.cache.get(pitches, "p1");
    clock.advance(POLL_MS - 1);
    for (let i = 0; i < 50; i++) await b.cache.get(pitches, "p1");
    await b.background.drain();
    assert.equal(b.spy.calls.poll, 1, "only the first read polled");
    clock.advance(1);
    await b.cache.get(pitches, "p1");
    await b.background.drain();
    assert.equal(b.spy.calls.poll, 2, "the interval has passed: one more poll");
  });

  await t.step("reads while a poll is in flight do not start another", async () => {
    const env = setup();
    const { b, clock } = env;
    await warmUp(env);
    const release = Promise.withResolvers<void>();
    b.spy.gate = release.promise;
    clock.advance(POLL_MS);
    await b.cache.get(pitches, "p1");
    clock.advance(POLL_MS);
    const reads = await Promise.all(Array.from({ length: 20 }, () => b.cache.get(pitches, "p1")));
    assert.ok(reads.every((value) => value?.title === v1.title), "reads answered from memory");
    assert.equal(b.spy.calls.poll, 2, "one poll in flight, none started beside it");
    release.resolve();
    await b.background.drain();
  });

  await t.step("a load in flight when B learns of A's remove does not write back", async () => {
    await assertHeldLoadDiscarded(setup(), async (a) => {
      await a.cache.remove(pitches, "p1");
    });
  });

  await t.step("a remote read that overlaps a poll does not backfill memory", async () => {
    const env = setup();
    const { a, b, clock, remote } = env;
    await warmUp(env);
    await b.memory.remove(["pitch:p1"]);
    await a.cache.remove(pitches, "p2");
    await a.background.drain();
    clock.advance(POLL_MS);
    remote.delayMs = 20;
    assert.deepEqual(await b.cache.get(pitches, "p1"), v1, "the remote value is returned");
    await b.background.drain();
    assert.equal(await b.memory.get("pitch:p1"), undefined, "but not copied into memory");
  });
});

Deno.test("invalidation follower failures and resets", async (t) => {
  await t.step("a reset (B too far behind to replay) clears B's whole memory tier", async () => {
    const env = setup(2);
    const { a, b, clock } = env;
    await warmUp(env);
    await b.cache.swr(pitches, "p9", createOrigin({ id: "p9", title: "Other" }).load);
    for (const key of ["x1", "x2", "x3"]) await a.cache.remove(pitches, key);
    await a.background.drain();
    clock.advance(POLL_MS);
    await b.cache.get(pitches, "p1");
    await b.background.drain();
    assert.equal(await b.memory.get("pitch:p1"), undefined, "p1 dropped");
    assert.equal(await b.memory.get("pitch:p9"), undefined, "p9 dropped though never announced");
    assert.ok(
      b.logger.lines.some((line) => String(line.message).startsWith("Cache memory tier dropped")),
      JSON.stringify(b.logger.lines),
    );
    assert.deepEqual(await b.cache.get(pitches, "p1"), v1, "reads go on from the remote tier");
  });

  await t.step("a load in flight when B resets does not write back", async () => {
    // The log keeps 2 entries: three removes put B too far behind to replay them.
    await assertHeldLoadDiscarded(setup(2), async (a) => {
      for (const key of ["x1", "x2", "x3"]) await a.cache.remove(pitches, key);
    });
  });

  await t.step("a failing channel is a warn line; reads and writes still work", async () => {
    const env = setup();
    const { a, b, clock } = env;
    await warmUp(env);
    const failure = new Error("Invalidation channel is down");
    a.spy.failure = failure;
    await a.cache.set(pitches, "p3", v2);
    await a.cache.remove(pitches, "p3");
    await a.background.drain();
    assert.deepEqual(warnings(a.logger), [
      { message: "Cache invalidation publish failed", error: failure.message },
      { message: "Cache invalidation publish failed", error: failure.message },
    ]);

    // A's publication lands while B cannot poll.
    a.spy.failure = undefined;
    b.spy.failure = failure;
    await a.cache.set(pitches, "p1", v2);
    await a.background.drain();
    clock.advance(POLL_MS);
    assert.deepEqual(await b.cache.get(pitches, "p1"), v1, "B still serves memory");
    await b.background.drain();
    assert.deepEqual(warnings(b.logger), [
      { message: "Cache invalidation poll failed", error: failure.message },
    ]);
    assert.deepEqual(await b.cache.get(pitches, "p1"), v1, "no retry before the interval");
    assert.equal(b.spy.calls.poll, 2);

    // Once the channel is back, the cursor kept through the failure replays what B missed.
    b.spy.failure = undefined;
    clock.advance(POLL_MS);
    await b.cache.get(pitches, "p1");
    await b.background.drain();
    assert.equal(b.spy.calls.poll, 3, "retried after the interval");
    assert.deepEqual(await b.cache.get(pitches, "p1"), v2);
  });
});

Deno.test("memory invalidation channel", async (t) => {
  const log = createMemoryInvalidationLog(3);
  const a = createMemoryInvalidationChannel({ log, instanceId: "a" });
  const b = createMemoryInvalidationChannel({ log, instanceId: "b" });

  await t.step("poll from undefined starts at the current sequence with no keys", async () => {
    await a.publish(["pitch:old"]);
    assert.deepEqual(await b.poll(undefined), { cursor: 1, keys: [] });
  });

  await t.step("poll returns other instances' keys once, skipping the caller's own", async () => {
    await a.publish(["pitch:p1", "pitch:p2"]);
    await b.publish(["pitch:mine"]);
    await a.publish(["pitch:p1"]);
    assert.deepEqual(await b.poll(1), { cursor: 4, keys: ["pitch:p1", "pitch:p2"] });
    assert.deepEqual(await b.poll(4), { cursor: 4, keys: [] });
    assert.deepEqual(await a.poll(1), { cursor: 4, keys: ["pitch:mine"] });
  });

  await t.step("poll resets a caller further behind than the log keeps", async () => {
    assert.deepEqual(await b.poll(0), { cursor: 4, reset: true });
    assert.deepEqual(await b.poll(9), { cursor: 4, reset: true }, "a cursor from the future");
  });
});
