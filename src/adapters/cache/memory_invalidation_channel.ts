import type { InvalidationChannel } from "../../ports/invalidation_channel.ts";

/** The log several in-process channels share, standing in for the shared Redis keys. */
export interface MemoryInvalidationLog {
  /** Sequence of the last entry published; 0 before the first. */
  seq: number;
  /** The last `maxLog` entries, oldest first. */
  readonly entries: { seq: number; from: string; keys: string[] }[];
  readonly maxLog: number;
}

/** Creates an empty log keeping the last `maxLog` entries. */
export function createMemoryInvalidationLog(maxLog = 1000): MemoryInvalidationLog {
  if (!Number.isInteger(maxLog) || maxLog < 1) {
    throw new RangeError(`Cannot create invalidation log: maxLog "${maxLog}" is not positive`);
  }
  return { seq: 0, entries: [], maxLog };
}

/**
 * An in-process invalidation channel: every channel built on the same log sees the others'
 * publications, with the Redis channel's cursor and reset semantics. Used by tests that model
 * several instances in one process. A single-instance deployment needs no channel at all: the
 * memory-only cache config builds its tiered cache without one, since there is no other instance
 * whose memory tier could go out of date.
 */
export function createMemoryInvalidationChannel(
  options: { log: MemoryInvalidationLog; instanceId: string },
): InvalidationChannel {
  const { log, instanceId } = options;
  return {
    publish(keys) {
      if (keys.length === 0) return Promise.resolve();
      log.seq += 1;
      log.entries.push({ seq: log.seq, from: instanceId, keys: [...keys] });
      if (log.entries.length > log.maxLog) log.entries.splice(0, log.entries.length - log.maxLog);
      return Promise.resolve();
    },
    poll(cursor) {
      const seq = log.seq;
      if (cursor === undefined || cursor === seq) return Promise.resolve({ cursor: seq, keys: [] });
      const first = log.entries[0]?.seq ?? seq + 1;
      if (cursor > seq || cursor + 1 < first) return Promise.resolve({ cursor: seq, reset: true });
      const keys = new Set<string>();
      for (const entry of log.entries) {
        if (entry.seq > cursor && entry.from !== instanceId) entry.keys.forEach((k) => keys.add(k));
      }
      return Promise.resolve({ cursor: seq, keys: [...keys] });
    },
  };
}
