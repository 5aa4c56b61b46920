import assert from "node:assert/strict";
import { createPromiseTracker } from "../../src/adapters/background/promise_tracker.ts";
import {
  createInProcessQueue,
  type ExhaustedJob,
} from "../../src/adapters/queue/in_process_queue.ts";
import type { DeliveryMeta, JobMessage } from "../../src/ports/queue.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";
import { ManualClock } from "../support/manual_clock.ts";

type Delivery = { job: JobMessage; meta: DeliveryMeta; at: number };

function setup(
  options: { failures?: number; maxAttempts?: number; clock?: ManualClock } = {},
) {
  const logger = createMemoryLogger();
  const background = createPromiseTracker(logger);
  const deliveries: Delivery[] = [];
  let failuresLeft = options.failures ?? 0;
  const queue = createInProcessQueue({
    background,
    logger,
    maxAttempts: options.maxAttempts,
    retryDelayMs: () => 1,
    clock: options.clock,
  });
  queue.consume((job, meta) => {
    deliveries.push({ job, meta, at: performance.now() });
    if (failuresLeft-- > 0) return Promise.reject(new Error("mail server down"));
    return Promise.resolve();
  });
  return { queue, background, logger, deliveries };
}

Deno.test("in-process queue", async (t) => {
  await t.step("holds jobs accepted before a consumer attaches, then delivers them", async () => {
    const logger = createMemoryLogger();
    const background = createPromiseTracker(logger);
    const queue = createInProcessQueue({ background, logger, retryDelayMs: () => 1 });
    await queue.enqueue({ name: "send-email", payload: { n: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const seen: JobMessage[] = [];
    queue.consume((job) => {
      seen.push(job);
      return Promise.resolve();
    });
    await background.drain();
    assert.deepEqual(seen, [{ name: "send-email", payload: { n: 1 } }]);
    assert.throws(() => queue.consume(() => Promise.resolve()), /already has a consumer/);
  });

  await t.step("runs an enqueued job once, in the background, with a msg_ id", async () => {
    const { queue, background, deliveries } = setup();
    const payload = { to: "a@example.com", tags: ["x"] };

    const { id } = await queue.enqueue({ name: "send-email", payload });
    payload.tags.push("mutated after enqueue");
    await background.drain();

    assert.match(id, /^msg_[0-9a-f]{32}$/);
    assert.equal(deliveries.length, 1, JSON.stringify(deliveries));
    assert.deepEqual(deliveries[0]?.job, {
      name: "send-email",
      payload: { to: "a@example.com", tags: ["x"] },
    });
    assert.notEqual(deliveries[0]?.job.payload, payload, "payload is a copy, not a reference");
    assert.deepEqual(deliveries[0]?.meta, { messageId: id, attempt: 1, finalAttempt: false });
    assert.equal(queue.name, "in-process");
  });

  await t.step("retries a failing job and stops once it succeeds", async () => {
    const { queue, background, logger, deliveries } = setup({ failures: 2, maxAttempts: 3 });

    const { id } = await queue.enqueue({ name: "send-email", payload: { n: 1 } });
    await background.drain();

    assert.deepEqual(deliveries.map((d) => d.meta), [
      { messageId: id, attempt: 1, finalAttempt: false },
      { messageId: id, attempt: 2, finalAttempt: false },
      { messageId: id, attempt: 3, finalAttempt: true },
    ]);
    const warnings = logger.lines.filter((l) => l.level === "warn");
    assert.deepEqual(warnings.map((l) => [l.job, l.messageId, l.attempt]), [
      ["send-email", id, 1],
      ["send-email", id, 2],
    ]);
    assert.equal(logger.lines.filter((l) => l.level === "error").length, 0);
  });

  await t.step("gives up after maxAttempts and logs an error without the payload", async () => {
    const { queue, background, logger, deliveries } = setup({ failures: 99, maxAttempts: 2 });
    const secret = "4111-1111-1111-1111";

    const { id } = await queue.enqueue({ name: "charge-card", payload: { card: secret } });
    await background.drain();

    assert.equal(deliveries.length, 2);
    const errors = logger.lines.filter((l) => l.level === "error");
    assert.equal(errors.length, 1, JSON.stringify(logger.lines));
    assert.equal(errors[0]?.job, "charge-card");
    assert.equal(errors[0]?.messageId, id);
    assert.equal(errors[0]?.attempts, 2);
    const logged = JSON.stringify(logger.lines);
    assert.ok(!logged.includes(secret), `payload leaked into logs: ${logged}`);
    assert.ok(!logged.includes("Background task failed"), "the task itself must not reject");
  });

  await t.step("runs a job once per deduplication id within the window", async () => {
    const clock = new ManualClock();
    const { queue, background, deliveries } = setup({ clock });
    const job = { name: "recount", payload: { pitchId: "p_1" } };

    const first = await queue.enqueue(job, { deduplicationId: "recount:p_1" });
    const second = await queue.enqueue(job, { deduplicationId: "recount:p_1" });
    clock.advance(11 * 60 * 1000);
    const third = await queue.enqueue(job, { deduplicationId: "recount:p_1" });
    await background.drain();

    assert.equal(second.id, first.id);
    assert.notEqual(third.id, first.id, "the window is ten minutes");
    assert.deepEqual(deliveries.map((d) => d.meta.messageId), [first.id, third.id]);
  });

  await t.step("waits delaySeconds before running a job", async () => {
    const { queue, background, deliveries } = setup();

    const started = performance.now();
    await queue.enqueue({ name: "later", payload: null }, { delaySeconds: 0.05 });
    assert.equal(deliveries.length, 0, "a delayed job does not run at once");
    await background.drain();

    assert.equal(deliveries.length, 1);
    const waited = (deliveries[0]?.at ?? 0) - started;
    assert.ok(waited >= 45, `ran after ${waited} ms`);
  });

  await t.step("close drops a delayed job and clears its timer", async () => {
    const { queue, background, logger, deliveries } = setup();

    await queue.enqueue({ name: "later", payload: 1 }, { delaySeconds: 60 });
    queue.close();
    await background.drain();

    assert.equal(deliveries.length, 0);
    assert.equal(logger.lines.at(-1)?.job, "later");
  });

  await t.step("rejects a payload that is not JSON at enqueue", async () => {
    const { queue, background, deliveries } = setup();
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    for (const payload of [10n, circular, undefined, () => 1]) {
      await assert.rejects(
        queue.enqueue({ name: "bad", payload }),
        (error: unknown) => error instanceof TypeError && /"bad"/.test(error.message),
      );
    }
    await background.drain();
    assert.equal(deliveries.length, 0);
  });

  await t.step("gives a permanent failure up at once and reports it as exhausted", async () => {
    const logger = createMemoryLogger();
    const background = createPromiseTracker(logger);
    const exhausted: ExhaustedJob[] = [];
    const refusal = new Error("payload is invalid");
    const queue = createInProcessQueue({
      background,
      logger,
      retryDelayMs: () => 1,
      isPermanent: (error) => error === refusal,
      onExhausted: (job) => {
        exhausted.push(job);
        return Promise.resolve();
      },
    });
    let attempts = 0;
    queue.consume(() => {
      attempts += 1;
      return Promise.reject(refusal);
    });
    const { id } = await queue.enqueue({ name: "send-email", payload: { n: 1 } });
    await background.drain();

    assert.equal(attempts, 1, "retrying cannot help");
    assert.deepEqual(exhausted, [{
      name: "send-email",
      payload: { n: 1 },
      messageId: id,
      attempts: 1,
      error: refusal,
    }]);
    assert.ok(logger.lines.some((l) => l.message === "Job given up: its failure is permanent"));
  });

  await t.step(
    "reports a job failing every attempt once, and survives a failing hook",
    async () => {
      const logger = createMemoryLogger();
      const background = createPromiseTracker(logger);
      const exhausted: ExhaustedJob[] = [];
      const queue = createInProcessQueue({
        background,
        logger,
        maxAttempts: 2,
        retryDelayMs: () => 1,
        onExhausted: (job) => {
          exhausted.push(job);
          return Promise.reject(new Error("database down"));
        },
      });
      queue.consume(() => Promise.reject(new Error("mail server down")));
      await queue.enqueue({ name: "send-email", payload: {} });
      await background.drain();

      assert.equal(exhausted.length, 1);
      assert.equal(exhausted[0]!.attempts, 2);
      assert.equal((exhausted[0]!.error as Error).message, "mail server down");
      const line = logger.lines.find((l) => l.message === "Failed job not recorded");
      assert.equal(line?.level, "error", JSON.stringify(logger.lines));
    },
  );

  await t.step("hands the deduplication id to every delivery", async () => {
    const { queue, background, deliveries } = setup({ failures: 1 });
    await queue.enqueue({ name: "send-email", payload: {} }, { deduplicationId: "obx_1" });
    await background.drain();
    assert.deepEqual(deliveries.map((d) => d.meta.deduplicationId), ["obx_1", "obx_1"]);
  });
});
