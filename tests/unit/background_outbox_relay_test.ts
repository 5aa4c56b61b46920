import assert from "node:assert/strict";
import { createPromiseTracker } from "../../src/adapters/background/promise_tracker.ts";
import { createBackgroundOutboxRelay } from "../../src/adapters/outbox_relay/background_outbox_relay.ts";
import type { RelayPassResult } from "../../src/ports/outbox_relay.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";

const IDLE: RelayPassResult = { claimed: 0, published: 0, failed: 0, more: false };

/** A relay whose passes answer from `results` in turn (IDLE once they run out), counted. */
function setup(results: Array<RelayPassResult | Error> = []) {
  const logger = createMemoryLogger();
  const background = createPromiseTracker(logger);
  const relay = createBackgroundOutboxRelay({ background, logger, errorDelayMs: () => 5 });
  let passes = 0;
  let gate: Promise<void> | undefined;
  relay.attach(async () => {
    passes += 1;
    await gate;
    const next = results.shift() ?? IDLE;
    if (next instanceof Error) throw next;
    return next;
  });
  return {
    relay,
    background,
    logger,
    passes: () => passes,
    hold() {
      const { promise, resolve } = Promise.withResolvers<void>();
      gate = promise;
      return () => {
        gate = undefined;
        resolve();
      };
    },
  };
}

const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds, polling; fails after 5 s (a timer is late, not lost, under load). */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await waitMs(5);
  }
}

Deno.test("background outbox relay", async (t) => {
  await t.step("a kick runs one pass in the background, tracked by drain", async () => {
    const { relay, background, passes } = setup();
    relay.kick();
    await background.drain();
    assert.equal(passes(), 1);
    await relay.close();
  });

  await t.step("kicks during a pass coalesce into one more pass after it", async () => {
    const { relay, background, passes, hold } = setup();
    const release = hold();
    relay.kick();
    relay.kick();
    relay.kick();
    release();
    await background.drain();
    assert.equal(passes(), 2, "the running pass, then one for every kick made meanwhile");
    await relay.close();
  });

  await t.step("a full batch that published runs another pass at once", async () => {
    const full = { claimed: 50, published: 50, failed: 0, more: true };
    const { relay, background, passes } = setup([full, full]);
    relay.kick();
    await background.drain();
    assert.equal(passes(), 3, "two full batches, then the pass that found the rest");
    await relay.close();
  });

  await t.step("refused publishes are retried when their backoff ends", async () => {
    const refused = { claimed: 1, published: 0, failed: 1, more: false, retryAfterMs: 20 };
    const { relay, background, passes } = setup([refused]);
    relay.kick();
    await background.drain();
    assert.equal(passes(), 1, "draining does not wait out the backoff");
    await until(() => passes() === 2, "the retry timer to run one more pass");
    await background.drain();
    assert.equal(passes(), 2);
    await relay.close();
  });

  await t.step("a pass that throws is logged and retried later", async () => {
    const { relay, background, passes, logger } = setup([new Error("connection refused")]);
    relay.kick();
    await background.drain();
    const line = logger.lines.find((l) => l.message === "Outbox relay pass failed; retrying later");
    assert.equal(line?.error, "Error", JSON.stringify(logger.lines));
    await until(() => passes() === 2, "the pass after the error delay");
    await background.drain();
    await relay.close();
  });

  await t.step("kicks before attach wait for the pass; after close they are ignored", async () => {
    const logger = createMemoryLogger();
    const background = createPromiseTracker(logger);
    const relay = createBackgroundOutboxRelay({ background, logger });
    let passes = 0;
    relay.kick();
    relay.attach(() => {
      passes += 1;
      return Promise.resolve(IDLE);
    });
    await background.drain();
    assert.equal(passes, 1);
    assert.throws(() => relay.attach(() => Promise.resolve(IDLE)), /already has a pass/);
    await relay.close();
    relay.kick();
    await background.drain();
    assert.equal(passes, 1);
  });

  await t.step("close cancels a scheduled retry and waits for the pass in flight", async () => {
    const refused = { claimed: 1, published: 0, failed: 1, more: false, retryAfterMs: 20 };
    const { relay, background, passes, hold } = setup([refused]);
    const release = hold();
    relay.kick();
    const closing = relay.close();
    release();
    await closing;
    await waitMs(40);
    await background.drain();
    assert.equal(passes(), 1, "no retry after close");
  });
});
