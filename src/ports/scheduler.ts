/**
 * One entry of the schedule list: enqueue job `job` with `payload` whenever `cron` fires. The same
 * list drives QStash schedules (`deno task schedules:sync`) and the in-process scheduler.
 */
export interface ScheduleEntry {
  /** Stable and unique; the QStash schedule id is derived from it, so renaming one re-creates it. */
  id: string;
  /** Five fields, UTC (see `lib/cron.ts`): QStash reads the same syntax. */
  cron: string;
  /** A registered job name: it is also the delivery URL, `/jobs/<job>`. */
  job: string;
  payload: Record<string, unknown>;
  /** The in-process scheduler also enqueues it once when it starts (catch-up after downtime). */
  runAtStartup: boolean;
  /** One line for operators: what it does and why at that time. */
  description: string;
}

/** What one tick enqueued: the entry, and the fire time it stands for (epoch ms). */
export interface ScheduledRun {
  id: string;
  job: string;
  fireTime: number;
}

/**
 * Runs the schedule list inside this process by enqueueing each due job on the `Queue`. Contract:
 * `start` enqueues the `runAtStartup` entries, then keeps ticking on its own (timers that never
 * hold the process open) until `stop`. `tick` enqueues every entry with a fire time after the
 * previous tick and at or before the clock's now, once each even if several fire times passed
 * (missed runs are coalesced), and never throws: an enqueue that fails is logged and waits for
 * the entry's next fire time. Ticks never overlap.
 */
export interface Scheduler {
  start(): Promise<ScheduledRun[]>;
  tick(): Promise<ScheduledRun[]>;
  /** Cancels the timer; an enqueue already in flight completes. */
  stop(): void;
}
