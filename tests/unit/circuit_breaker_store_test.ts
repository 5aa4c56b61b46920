import assert from "node:assert/strict";
import {
  CircuitOpenError,
  withCircuitBreaker,
} from "../../src/adapters/cache/circuit_breaker_store.ts";
import { createRemoteStoreFake } from "../support/cache_stores.ts";
import { ManualClock } from "../support/manual_clock.ts";

const entry = { value: "v", freshUntil: Date.UTC(2030, 0, 1), staleUntil: Date.UTC(2030, 0, 2) };

function setup() {
  const clock = new ManualClock();
  const remote = createRemoteStoreFake({ clock, name: "redis" });
  const store = withCircuitBreaker(remote, { failureThreshold: 3, cooldownMs: 5_000, clock });
  return { clock, remote, store };
}

Deno.test("circuit breaker store", async (t) => {
  await t.step("passes calls through while the tier is healthy", async () => {
    const { remote, store } = setup();
    await store.set("k", entry);
    assert.deepEqual(await store.get("k"), entry);
    assert.equal(remote.calls.get, 1);
  });

  await t.step("fails fast without calling the tier after 3 failures in a row", async () => {
    const { remote, store } = setup();
    remote.failure = "throw";
    for (let i = 0; i < 3; i++) await assert.rejects(store.get("k"));
    assert.equal(remote.calls.get, 3);
    await assert.rejects(store.get("k"), CircuitOpenError);
    await assert.rejects(store.set("k", entry), CircuitOpenError);
    assert.equal(remote.calls.get, 3, "an open circuit does not reach the tier");
  });

  await t.step("a success in between resets the failure count", async () => {
    const { remote, store } = setup();
    remote.failure = "throw";
    await assert.rejects(store.get("k"));
    await assert.rejects(store.get("k"));
    remote.failure = "none";
    await store.get("k");
    remote.failure = "throw";
    await assert.rejects(store.get("k"));
    await assert.rejects(store.get("k"));
    assert.equal(remote.calls.get, 5, "still closed: two failures since the last success");
  });

  await t.step(
    "after the cooldown one trial call closes the circuit when it succeeds",
    async () => {
      const { clock, remote, store } = setup();
      remote.failure = "throw";
      for (let i = 0; i < 3; i++) await assert.rejects(store.get("k"));
      remote.failure = "none";
      clock.advance(4_999);
      await assert.rejects(store.get("k"), CircuitOpenError);
      clock.advance(1);
      assert.equal(await store.get("k"), undefined, "the trial call reaches the tier");
      await store.get("k");
      assert.equal(remote.calls.get, 5);
    },
  );

  await t.step("a failed trial call opens the circuit for another cooldown", async () => {
    const { clock, remote, store } = setup();
    remote.failure = "throw";
    for (let i = 0; i < 3; i++) await assert.rejects(store.get("k"));
    clock.advance(5_000);
    await assert.rejects(store.get("k"), (e) => !(e instanceof CircuitOpenError));
    await assert.rejects(store.get("k"), CircuitOpenError);
    assert.equal(remote.calls.get, 4);
  });

  await t.step("ping always reaches the tier, and a good ping closes the circuit", async () => {
    const { remote, store } = setup();
    remote.failure = "throw";
    for (let i = 0; i < 3; i++) await assert.rejects(store.get("k"));
    await assert.rejects(store.ping());
    remote.failure = "none";
    await store.ping();
    await store.get("k");
    assert.equal(remote.calls.get, 4);
  });
});
