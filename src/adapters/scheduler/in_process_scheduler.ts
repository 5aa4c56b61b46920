import { type CronExpression, nextCronTime, parseCron } from "../../lib/cron.ts";
import type { Clock } from "../../ports/clock.ts";
import type { Logger } from "../../ports/logger.ts";
import type { Queue } from "../../ports/queue.ts";
import type { ScheduledRun, ScheduleEntry, Scheduler } from "../../ports/scheduler.ts";

export interface InProcessSchedulerOptions {
  schedules: readonly ScheduleEntry[];
  queue: Queue;
  clock: Clock;
  logger: Logger;
  /**
   * False: no timer; only explicit `tick()` calls fire entries. Tests drive the scheduler with a
   * manual clock this way, so a real timer never ticks between moving the clock and asserting.
   */
  timers?: boolean;
  /** Longest timer wait; the clock is re-read at least this often. Defaults to 60 s. */
  maxSleepMs?: number;
}

type Entry = ScheduleEntry & { expression: CronExpression };

/**
 * The embedded scheduler: fires the schedule list by enqueueing jobs on the queue, so a job runs
 * the same way whether QStash or this process scheduled it. Entries are enqueued with a
 * deduplication id naming the fire time. Between ticks it sleeps on one unref'd timer until the
 * next fire time (at most `maxSleepMs`), so it never holds a finished process open.
 */
export function createInProcessScheduler(options: InProcessSchedulerOptions): Scheduler {
  const { queue, clock, logger } = options;
  const maxSleepMs = options.maxSleepMs ?? 60_000;
  const entries = parseEntries(options.schedules);
  let last: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let chain: Promise<unknown> = Promise.resolve();

  // Ticks from the timer and from callers queue up behind each other instead of overlapping.
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work);
    chain = run.catch(() => {});
    return run;
  };

  const enqueue = async (entry: Entry, fireTime: number, key: string): Promise<boolean> => {
    try {
      await queue.enqueue(
        { name: entry.job, payload: entry.payload },
        { deduplicationId: `schedule:${entry.id}:${key}` },
      );
      return true;
    } catch (error) {
      logger.error("Scheduled job not enqueued; it waits for its next fire time", {
        schedule: entry.id,
        job: entry.job,
        fireTime: new Date(fireTime).toISOString(),
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return false;
    }
  };

  const arm = () => {
    clearTimeout(timer);
    timer = undefined;
    if (stopped || options.timers === false || entries.length === 0) return;
    const now = clock.now();
    const next = Math.min(...entries.map((entry) => nextCronTime(entry.expression, now)));
    timer = setTimeout(() => void tick(), Math.min(Math.max(next - now, 0), maxSleepMs));
    // A pending schedule must not keep a finished process (or test) alive.
    if (typeof Deno !== "undefined") Deno.unrefTimer(timer as unknown as number);
  };

  const tick = () =>
    serial(async () => {
      const now = clock.now();
      const since = last ?? now;
      last = Math.max(since, now);
      const runs: ScheduledRun[] = [];
      for (const entry of entries) {
        const fireTime = latestFireTime(entry.expression, since, now);
        if (fireTime === undefined) continue;
        const key = new Date(fireTime).toISOString();
        if (await enqueue(entry, fireTime, key)) {
          runs.push({ id: entry.id, job: entry.job, fireTime });
        }
      }
      // Every minute has a due entry (the outbox sweep): the enqueues are logged at debug only.
      if (runs.length > 0) logger.debug("Scheduled jobs enqueued", { schedules: ids(runs) });
      arm();
      return runs;
    });

  return {
    start: () =>
      serial(async () => {
        stopped = false;
        const now = clock.now();
        last = now;
        const runs: ScheduledRun[] = [];
        for (const entry of entries.filter((e) => e.runAtStartup)) {
          const key = `startup:${new Date(now).toISOString()}`;
          if (await enqueue(entry, now, key)) {
            runs.push({ id: entry.id, job: entry.job, fireTime: now });
          }
        }
        logger.info("In-process scheduler started", {
          schedules: entries.map((e) => `${e.id} (${e.cron})`),
          enqueuedAtStartup: ids(runs),
        });
        arm();
        return runs;
      }),
    tick,
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Parses every entry up front, so a bad expression or a duplicate id fails at startup. */
function parseEntries(schedules: readonly ScheduleEntry[]): Entry[] {
  const seen = new Set<string>();
  return schedules.map((entry) => {
    if (seen.has(entry.id)) throw new TypeError(`Schedule id "${entry.id}" is used twice`);
    seen.add(entry.id);
    const expression = parseCron(entry.cron);
    nextCronTime(expression, 0); // throws for an expression that never fires
    return { ...entry, expression };
  });
}

/** The last fire time in (since, now], or undefined when none falls in it. */
function latestFireTime(expression: CronExpression, since: number, now: number) {
  let fire = nextCronTime(expression, since);
  if (fire > now) return undefined;
  // Bounded: a process asleep for weeks needs no exact answer, only some fire time in range.
  for (let i = 0; i < 100_000; i++) {
    const after = nextCronTime(expression, fire);
    if (after > now) break;
    fire = after;
  }
  return fire;
}

function ids(runs: ScheduledRun[]): string[] {
  return runs.map((run) => run.id);
}
