import type { Clock } from "../../ports/clock.ts";
import type { Logger } from "../../ports/logger.ts";
import type { RateLimitPolicy } from "../../ports/rate_limiter.ts";
import type { WindowCountDelta, WindowCounterStore } from "../../ports/window_counter_store.ts";

/** What one instance knows of one key's counter in fixed window `window`. */
export interface LocalCount {
  policy: RateLimitPolicy;
  key: string;
  window: number;
  /** All instances' units in `window` and in the one before, as the store last answered. */
  current: number;
  previous: number;
  /** Units of `window` admitted here that no answer of the store includes yet (sent or not). */
  unconfirmed: number;
  /** Of those, the units not sent yet. */
  pending: number;
}

export interface BatchFlusherOptions {
  store: WindowCounterStore;
  clock: Clock;
  logger: Logger;
  flushIntervalMs: number;
  timers?: boolean;
}

/**
 * The write-behind half of the batched limiter: holds admitted units, sends them in one store call
 * per flush (at most one in flight; callers arriving meanwhile share the next one) and folds the
 * totals it answers back into the counts. `flush` never throws: a failure marks the flusher
 * degraded (no caller waits for the store until a flush succeeds again) and keeps the units.
 */
export function createBatchFlusher(options: BatchFlusherOptions) {
  const { store, clock, logger, flushIntervalMs, timers = true } = options;
  const dirty = new Set<LocalCount>();
  // Units of windows that turned before they were sent.
  let leftovers: WindowCountDelta[] = [];
  let degraded = false;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const deltaOf = (count: LocalCount, units: number): WindowCountDelta => ({
    policy: count.policy.name,
    key: count.key,
    windowMs: count.policy.windowMs,
    window: count.window,
    units,
  });

  function arm(): void {
    if (!timers || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, flushIntervalMs);
    // Node and Workers (the other entries) have no `Deno`; a pending timer is harmless there.
    if (typeof Deno !== "undefined") Deno.unrefTimer(timer);
  }

  async function run(): Promise<void> {
    const now = clock.now();
    // Units of a window that has slid out no longer count anywhere: not worth a write.
    const sent = leftovers.filter((d) => d.window >= Math.floor(now / d.windowMs) - 1)
      .map((delta) => ({ delta, count: undefined as LocalCount | undefined }));
    leftovers = [];
    for (const count of dirty) {
      sent.push({ delta: deltaOf(count, count.pending), count });
      count.pending = 0;
    }
    dirty.clear();
    if (sent.length === 0) return;
    try {
      const totals = await store.add(sent.map(({ delta }) => delta));
      sent.forEach(({ delta, count }, i) => {
        if (count !== undefined) confirm(count, delta, totals[i]!);
      });
      if (degraded) logger.info("Rate limiter store recovered", { store: store.name });
      degraded = false;
    } catch (error) {
      if (!degraded) {
        logger.warn("Rate limiter store failed, deciding from per-instance counts", {
          store: store.name,
          reason: (error instanceof Error ? error.message : String(error)).slice(0, 300),
        });
      }
      degraded = true;
      for (const { delta, count } of sent) {
        if (count !== undefined && count.window === delta.window) {
          count.pending += delta.units;
          dirty.add(count);
        } else if (delta.units > 0) leftovers.push(delta);
      }
      // Retried in the background, never by a request waiting.
      arm();
    }
  }

  function confirm(
    count: LocalCount,
    delta: WindowCountDelta,
    totals: { current: number; previous: number },
  ) {
    if (count.window === delta.window) {
      count.current = totals.current;
      count.previous = totals.previous;
      count.unconfirmed -= delta.units;
    } else if (count.window === delta.window + 1) {
      count.previous = Math.max(count.previous, totals.current);
    }
  }

  function flush(): Promise<void> {
    // This flush writes what the timer would have: units held from now on arm it again.
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (queued) return queued;
    if (running) {
      queued = running.then(() => {
        queued = undefined;
        return flush();
      });
      return queued;
    }
    running = run().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    get degraded() {
      return degraded;
    },
    flush,
    /**
     * Waits for the flush in flight, else flushes: what a caller needing fresh totals waits for.
     * Not a second flush after the one in flight, which would wait out a second timeout when
     * Redis hangs; the caller decides again and asks again if it must.
     */
    settle: (): Promise<void> => running ?? flush(),
    /** Counts `units` admitted for `count` and schedules their write. */
    hold(count: LocalCount, units: number): void {
      count.unconfirmed += units;
      count.pending += units;
      dirty.add(count);
      arm();
    },
    /** Moves `count` to `window`; what was counted becomes the previous window's best estimate. */
    roll(count: LocalCount, window: number): void {
      if (count.pending > 0) {
        leftovers.push(deltaOf(count, count.pending));
        arm();
      }
      dirty.delete(count);
      count.previous = window === count.window + 1 ? count.current + count.unconfirmed : 0;
      Object.assign(count, { window, current: 0, unconfirmed: 0, pending: 0 });
    },
    /** Forgets the units held for `key` and clears its shared counters; a failure is logged. */
    async clear(policy: RateLimitPolicy, key: string, count: LocalCount | undefined) {
      if (count) dirty.delete(count);
      leftovers = leftovers.filter((d) => d.policy !== policy.name || d.key !== key);
      const window = Math.floor(clock.now() / policy.windowMs);
      await store.clear(policy.name, key, policy.windowMs, window).catch((error) => {
        logger.warn("Rate limiter store failed to reset a counter", {
          store: store.name,
          policy: policy.name,
          reason: (error instanceof Error ? error.message : String(error)).replaceAll(key, "[key]")
            .slice(0, 300),
        });
      });
    },
  };
}
