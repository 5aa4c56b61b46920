/**
 * When this instance last recorded a use of each credential (by token digest). Sliding a session's
 * expiry is written behind; remembering it here lets the cached principal stay in place, where
 * dropping it would cost the next request a synchronous Postgres lookup. Nothing is ever written
 * back into the cache, so a revocation that removes the principal meanwhile cannot be undone: this
 * log only moves the expiry and the last use of a principal that still resolves.
 */
export interface TouchLog {
  /** Epoch ms of the last use recorded here, or undefined when there is none. */
  get(digest: string): number | undefined;
  set(digest: string, at: number): void;
  delete(digest: string): void;
}

/** About one entry per live credential this instance serves; the oldest go first past this. */
const MAX_ENTRIES = 100_000;

// One log per cache: the cache is built once per instance (and once per test app), so instances
// sharing a process never see each other's touches.
const logs = new WeakMap<object, TouchLog>();

/** The touch log of the instance that owns `cache`, created on first use. */
export function touchLogOf(cache: object): TouchLog {
  let log = logs.get(cache);
  if (!log) {
    log = createTouchLog(MAX_ENTRIES);
    logs.set(cache, log);
  }
  return log;
}

function createTouchLog(maxEntries: number): TouchLog {
  // A Map iterates in insertion order: re-inserting on every touch keeps the oldest first.
  const times = new Map<string, number>();
  return {
    get: (digest) => times.get(digest),
    set(digest, at) {
      times.delete(digest);
      times.set(digest, at);
      if (times.size > maxEntries) times.delete(times.keys().next().value!);
    },
    delete: (digest) => void times.delete(digest),
  };
}
