import type { Background } from "../../ports/background.ts";
import type { CacheStore } from "../../ports/cache.ts";
import type { Clock } from "../../ports/clock.ts";
import type { InvalidationChannel } from "../../ports/invalidation_channel.ts";
import type { Logger } from "../../ports/logger.ts";
import { MEMORY_STORE_NAME } from "./memory_lru_store.ts";

export interface InvalidationFollowerOptions {
  channel: InvalidationChannel;
  /** Least time between two polls; reads in between cost nothing. */
  pollIntervalMs: number;
  /**
   * Longest a `catchUp` waits for its poll before answering "not in step" (the poll goes on in the
   * background). Defaults to a tenth of the interval.
   */
  catchUpWaitMs?: number;
  /** The per-instance tier that other instances' invalidations are applied to. */
  memory: CacheStore;
  /** Called for each invalidated key before it leaves memory, to cancel its in-flight load. */
  onInvalidate(key: string): void;
  clock: Clock;
  logger: Logger;
  background: Background;
}

/** Keeps one instance's memory tier in step with `remove` and `set` calls made on the others. */
export interface InvalidationFollower {
  /** Starts a background poll when the interval has passed and none is in flight; never waits. */
  maybePoll(): void;
  /**
   * Whether this instance's memory tier reflects every invalidation published more than
   * two poll intervals ago, polling first (and waiting for it) when the last successful poll is
   * older than that, for at most `catchUpWaitMs`. While the channel is failing it answers false at
   * once: the failed poll is retried in the background one interval later, and reads do not wait
   * for the retries.
   */
  catchUp(): Promise<boolean>;
  /** Announces keys this instance removed or overwrote, in the background; failures are logged. */
  announce(keys: string[]): void;
  /**
   * Grows whenever a poll drops memory entries. Work that read a value before the drop compares it
   * to skip writing that value back into memory, where it would undo the invalidation.
   */
  readonly generation: number;
}

/**
 * Polls the channel at most once per `pollIntervalMs`, driven by reads rather than a timer (an idle
 * isolate then costs no Redis calls), and applies what it returns to the memory tier only: the
 * shared tiers were already updated by the instance that published.
 */
export function createInvalidationFollower(
  options: InvalidationFollowerOptions,
): InvalidationFollower {
  const { channel, pollIntervalMs, memory, onInvalidate, clock, logger, background } = options;
  const catchUpWaitMs = options.catchUpWaitMs ?? pollIntervalMs / 10;
  let cursor: number | undefined;
  let lastPoll = -Infinity;
  // When the last successful poll started: every invalidation published before then is applied.
  let syncedAt = -Infinity;
  let inFlight: Promise<boolean> | undefined;
  let failing = false;
  let generation = 0;
  // Background polls run every interval while the instance serves reads, so a busy instance is
  // never behind by more than one interval plus a poll: no read waits for `catchUp`.
  const syncWindowMs = 2 * pollIntervalMs;

  function startPoll(): Promise<boolean> {
    lastPoll = clock.now();
    const started = lastPoll;
    const running = poll().then((ok) => {
      if (ok) syncedAt = Math.max(syncedAt, started);
      failing = !ok;
      inFlight = undefined;
      return ok;
    });
    inFlight = running;
    background.waitUntil(running);
    return running;
  }

  async function poll(): Promise<boolean> {
    try {
      // The first poll (no cursor yet) only establishes where to start: it returns no keys.
      const result = await channel.poll(cursor);
      cursor = result.cursor;
      if ("reset" in result) {
        logger.info("Cache memory tier dropped: missed invalidations cannot be replayed");
        generation += 1;
        if (memory.clear) await memory.clear();
        else logger.warn("Cache memory tier cannot be cleared", { tier: memory.name });
      } else if (result.keys.length > 0) {
        generation += 1;
        for (const key of result.keys) onInvalidate(key);
        await memory.remove(result.keys);
      }
      return true;
    } catch (error) {
      // The cursor is unchanged, so the next poll, one interval later, replays what this one missed.
      logger.warn("Cache invalidation poll failed", { error: describe(error) });
      return false;
    }
  }

  const inSync = () => clock.now() - syncedAt < syncWindowMs;

  const maybePoll = () => {
    if (inFlight || clock.now() - lastPoll < pollIntervalMs) return;
    startPoll();
  };

  return {
    maybePoll,
    async catchUp() {
      if (inSync()) return true;
      if (failing) {
        maybePoll();
        return false;
      }
      await withinWait(inFlight ?? startPoll(), catchUpWaitMs);
      return inSync();
    },
    announce(keys) {
      const published = Promise.resolve().then(() => channel.publish(keys)).catch((error) => {
        // Keys can name users; the count is enough to notice an outage.
        logger.warn("Cache invalidation publish failed", {
          keys: keys.length,
          error: describe(error),
        });
      });
      background.waitUntil(published);
    },
    get generation() {
      return generation;
    },
  };
}

/**
 * The follower for a tiered cache's options: none without `invalidations` or without a memory tier
 * (there is then nothing per-instance to keep in step).
 */
export function followInvalidations(options: {
  tiers: CacheStore[];
  invalidations?: { channel: InvalidationChannel; pollIntervalMs: number; catchUpWaitMs?: number };
  onInvalidate(key: string): void;
  clock: Clock;
  logger: Logger;
  background: Background;
}): InvalidationFollower | undefined {
  const { tiers, invalidations, ...parts } = options;
  const memory = tiers.find((tier) => tier.name === MEMORY_STORE_NAME);
  if (!memory || !invalidations) return undefined;
  return createInvalidationFollower({ ...invalidations, ...parts, memory });
}

/** Waits for `work` or `ms`, whichever ends first; `work` goes on either way. */
async function withinWait(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Not unref'd: a read waiting on it is work in progress, and the timer is cleared when it ends.
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work, elapsed]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
