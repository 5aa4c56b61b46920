import assert from "node:assert/strict";
import { createInProcessScheduler } from "../../src/adapters/scheduler/in_process_scheduler.ts";
import { UpstreamError } from "../../src/ports/errors.ts";
import type { EnqueueOptions, JobMessage, Queue } from "../../src/ports/queue.ts";
import type { ScheduleEntry } from "../../src/ports/scheduler.ts";
import type { Clock } from "../../src/ports/clock.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";
import { ManualClock } from "../support/manual_clock.ts";

type Enqueued = { job: JobMessage; options: EnqueueOptions | undefined };

/** A queue port that records what it is given; `refuse` makes the named jobs fail. */
function recordingQueue() {
  const enqueued: Enqueued[] = [];
  const refuse = new Set<string>();
  const queue: Queue = {
    name: "recording",
    maxAttempts: 1,
    enqueue(job, options) {
      if (refuse.has(job.name)) {
        return Promise.reject(new UpstreamError(`Cannot enqueue job "${job.name}": refused`));
      }
      enqueued.push({ job, options });
      return Promise.resolve({ id: `msg_${enqueued.length}` });
    },
  };
  return { queue, enqueued, refuse };
}

const entry = (overrides: Partial<ScheduleEntry> & Pick<ScheduleEntry, "id" | "cron">) => ({
  job: overrides.id,
  payload: {},
  runAtStartup: false,
  description: "test entry",
  ...overrides,
});

const SCHEDULES: ScheduleEntry[] = [
  entry({ id: "every-minute", cron: "* * * * *", runAtStartup: true }),
  entry({ id: "daily", cron: "30 3 * * *", payload: { kind: "daily" } }),
  entry({ id: "mondays", cron: "0 8 * * 1" }),
];

function setup(clock: Clock, schedules = SCHEDULES) {
  const logger = createMemoryLogger();
  const recorded = recordingQueue();
  const scheduler = createInProcessScheduler({
    schedules,
    queue: recorded.queue,
    clock,
    logger,
    timers: false,
  });
  return { scheduler, logger, ...recorded };
}

const names = (enqueued: Enqueued[]) => enqueued.map((e) => e.job.name);
// A Wednesday, a few seconds into a minute.
const START = Date.parse("2026-03-04T10:00:05.000Z");

Deno.test("in-process scheduler with a manual clock", async (t) => {
  await t.step("start enqueues only the entries marked to run at startup", async () => {
    const { scheduler, enqueued, logger } = setup(new ManualClock(START));
    const runs = await scheduler.start();
    assert.deepEqual(runs.map((r) => r.id), ["every-minute"]);
    assert.deepEqual(names(enqueued), ["every-minute"]);
    assert.equal(
      enqueued[0]!.options?.deduplicationId,
      "schedule:every-minute:startup:2026-03-04T10:00:05.000Z",
    );
    const started = logger.lines.find((l) => l.message === "In-process scheduler started");
    assert.deepEqual(started?.enqueuedAtStartup, ["every-minute"], JSON.stringify(logger.lines));
    scheduler.stop();
  });

  await t.step("a tick before any fire time enqueues nothing", async () => {
    const clock = new ManualClock(START);
    const { scheduler, enqueued } = setup(clock);
    await scheduler.start();
    clock.advance(50_000); // 10:00:55
    assert.deepEqual(await scheduler.tick(), []);
    assert.equal(enqueued.length, 1, "only the startup run");
  });

  await t.step("a tick past a fire time enqueues that entry once with its payload", async () => {
    const clock = new ManualClock(START);
    const { scheduler, enqueued } = setup(clock);
    await scheduler.start();
    enqueued.length = 0;
    clock.set(Date.parse("2026-03-04T10:01:00.000Z"));
    const runs = await scheduler.tick();
    assert.deepEqual(runs, [{
      id: "every-minute",
      job: "every-minute",
      fireTime: Date.parse("2026-03-04T10:01:00.000Z"),
    }]);
    assert.deepEqual(enqueued[0]?.options, {
      deduplicationId: "schedule:every-minute:2026-03-04T10:01:00.000Z",
    });
    assert.deepEqual(await scheduler.tick(), [], "the same instant again fires nothing");
  });

  await t.step("several missed fire times are coalesced into one run at the latest", async () => {
    const clock = new ManualClock(START);
    const { scheduler, enqueued } = setup(clock);
    await scheduler.start();
    enqueued.length = 0;
    // Asleep until the next Monday 09:00: hundreds of minutes, five 03:30s and one Monday 08:00.
    clock.set(Date.parse("2026-03-09T09:00:30.000Z"));
    const runs = await scheduler.tick();
    assert.deepEqual(
      runs.map((r) => [r.id, new Date(r.fireTime).toISOString()]),
      [
        ["every-minute", "2026-03-09T09:00:00.000Z"],
        ["daily", "2026-03-09T03:30:00.000Z"],
        ["mondays", "2026-03-09T08:00:00.000Z"],
      ],
    );
    assert.deepEqual(names(enqueued), ["every-minute", "daily", "mondays"]);
    assert.deepEqual(enqueued[1]!.job.payload, { kind: "daily" });
  });

  await t.step("each entry fires on its own cron as the clock moves minute by minute", async () => {
    const clock = new ManualClock(Date.parse("2026-03-05T03:28:00.000Z"));
    const { scheduler, enqueued } = setup(clock);
    await scheduler.tick(); // the first tick only sets the starting point
    for (let i = 0; i < 4; i++) {
      clock.advance(60_000);
      await scheduler.tick();
    }
    // 03:29, 03:30 (with the daily entry), 03:31, 03:32.
    assert.deepEqual(names(enqueued), [
      "every-minute",
      "every-minute",
      "daily",
      "every-minute",
      "every-minute",
    ]);
  });

  await t.step("a refused enqueue is logged and the other entries still fire", async () => {
    const clock = new ManualClock(Date.parse("2026-03-05T03:29:30.000Z"));
    const { scheduler, enqueued, refuse, logger } = setup(clock);
    await scheduler.tick();
    refuse.add("every-minute");
    clock.advance(60_000);
    const runs = await scheduler.tick();
    assert.deepEqual(runs.map((r) => r.id), ["daily"]);
    assert.deepEqual(names(enqueued), ["daily"]);
    const error = logger.lines.find((l) => String(l.message).startsWith("Scheduled job not"));
    assert.equal(error?.level, "error", JSON.stringify(logger.lines));
    assert.equal(error?.schedule, "every-minute");
    assert.match(String(error?.error), /refused/);
    refuse.clear();
    clock.advance(60_000);
    assert.deepEqual((await scheduler.tick()).map((r) => r.id), ["every-minute"]);
  });

  await t.step("two ticks at once enqueue a due entry once", async () => {
    const clock = new ManualClock(START);
    const { scheduler, enqueued } = setup(clock);
    await scheduler.tick();
    clock.advance(60_000);
    const [a, b] = await Promise.all([scheduler.tick(), scheduler.tick()]);
    assert.equal(a.length + b.length, 1, JSON.stringify({ a, b }));
    assert.deepEqual(names(enqueued), ["every-minute"]);
  });

  await t.step("a clock that moves back fires nothing until it passes the last tick", async () => {
    const clock = new ManualClock(START);
    const { scheduler, enqueued } = setup(clock);
    await scheduler.tick();
    clock.advance(-10 * 60_000);
    assert.deepEqual(await scheduler.tick(), []);
    clock.set(START + 60_000);
    assert.deepEqual((await scheduler.tick()).map((r) => r.id), ["every-minute"]);
    assert.equal(enqueued.length, 1);
  });
});

Deno.test("in-process scheduler refuses a bad schedule list when built", async (t) => {
  const clock = new ManualClock(START);
  await t.step("an invalid cron expression names the expression", () => {
    assert.throws(
      () => setup(clock, [entry({ id: "bad", cron: "61 * * * *" })]),
      /Cron expression "61 \* \* \* \*" is invalid: minute "61" is outside 0-59/,
    );
  });
  await t.step("an expression that never fires", () => {
    assert.throws(() => setup(clock, [entry({ id: "never", cron: "0 0 30 2 *" })]), /never fires/);
  });
  await t.step("a duplicate id", () => {
    const twice = [entry({ id: "a", cron: "* * * * *" }), entry({ id: "a", cron: "0 * * * *" })];
    assert.throws(() => setup(clock, twice), /Schedule id "a" is used twice/);
  });
});

Deno.test("in-process scheduler timer ticks by itself at the next fire time", async () => {
  // A clock running in real time from 10 ms before a whole minute.
  const origin = performance.now();
  const clock = {
    now: () => Date.parse("2026-03-04T10:00:59.990Z") + (performance.now() - origin),
  };
  const logger = createMemoryLogger();
  const { queue, enqueued } = recordingQueue();
  const scheduler = createInProcessScheduler({
    schedules: [entry({ id: "every-minute", cron: "* * * * *" })],
    queue,
    clock,
    logger,
  });
  try {
    await scheduler.start();
    const deadline = performance.now() + 5_000;
    while (enqueued.length === 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.deepEqual(names(enqueued), ["every-minute"], JSON.stringify(logger.lines));
    assert.equal(
      enqueued[0]!.options?.deduplicationId,
      "schedule:every-minute:2026-03-04T10:01:00.000Z",
    );
  } finally {
    scheduler.stop();
  }
});

Deno.test("in-process scheduler stop cancels the pending timer", async () => {
  const origin = performance.now();
  const clock = {
    now: () => Date.parse("2026-03-04T10:00:59.980Z") + (performance.now() - origin),
  };
  const { queue, enqueued } = recordingQueue();
  const scheduler = createInProcessScheduler({
    schedules: [entry({ id: "every-minute", cron: "* * * * *" })],
    queue,
    clock,
    logger: createMemoryLogger(),
  });
  await scheduler.start();
  scheduler.stop();
  // Well past the fire time 20 ms away: a live timer would have enqueued by now.
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(names(enqueued), []);
});
