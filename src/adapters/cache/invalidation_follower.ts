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
  let cursor: number | undefined;
  let lastPoll = -Infinity;
  let polling = false;
  let generation = 0;

  async function poll() {
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
    } catch (error) {
      // The cursor is unchanged, so the next poll, one interval later, replays what this one missed.
      logger.warn("Cache invalidation poll failed", { error: describe(error) });
    } finally {
      polling = false;
    }
  }

  return {
    maybePoll() {
      if (polling || clock.now() - lastPoll < pollIntervalMs) return;
      polling = true;
      lastPoll = clock.now();
      background.waitUntil(poll());
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
  invalidations?: { channel: InvalidationChannel; pollIntervalMs: number };
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
