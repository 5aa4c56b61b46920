import type { CacheEntry, CacheStore } from "../../src/ports/cache.ts";
import type { Clock } from "../../src/ports/clock.ts";

/** How the fake answers: normally, by throwing synchronously, or with a rejected promise. */
export type RemoteFailure = "none" | "throw" | "reject";

/** A map-backed stand-in for the Redis tier that counts calls and can be made down or slow. */
export interface RemoteStoreFake extends CacheStore {
  /** Stored entries by full key, for assertions and for seeding. */
  readonly entries: Map<string, CacheEntry<unknown>>;
  readonly calls: { get: number; set: number; remove: number; ping: number };
  /** Models Redis being down; "throw" checks that synchronous throws are handled too. */
  failure: RemoteFailure;
  /** Models a slow Redis: each call waits this many real milliseconds first; 0 answers at once. */
  delayMs: number;
}

/**
 * Creates the fake. Entries are copied with `structuredClone` on the way in and out, as a real
 * network tier would, and they expire at `staleUntil` on the given clock, as a Redis TTL would.
 */
export function createRemoteStoreFake(
  options: { clock: Clock; name?: string },
): RemoteStoreFake {
  const { clock, name = "remote" } = options;
  const entries = new Map<string, CacheEntry<unknown>>();
  const calls = { get: 0, set: 0, remove: 0, ping: 0 };

  const fake: RemoteStoreFake = {
    name,
    entries,
    calls,
    failure: "none",
    delayMs: 0,
    get<T>(key: string) {
      calls.get += 1;
      return answer(() => {
        const entry = entries.get(key);
        if (entry === undefined) return undefined;
        if (clock.now() >= entry.staleUntil) {
          entries.delete(key);
          return undefined;
        }
        return structuredClone(entry) as CacheEntry<T>;
      });
    },
    set<T>(key: string, entry: CacheEntry<T>) {
      calls.set += 1;
      return answer(() => void entries.set(key, structuredClone(entry)));
    },
    remove(keys: string[]) {
      calls.remove += 1;
      return answer(() => keys.forEach((key) => entries.delete(key)));
    },
    ping() {
      calls.ping += 1;
      return answer(() => {});
    },
  };

  // The failure mode is read when the call is made, the way a client sees a dropped connection.
  function answer<R>(work: () => R): Promise<R> {
    const failure = fake.failure;
    const error = new Error(`Remote cache "${name}" is unavailable`);
    if (failure === "throw") throw error;
    if (failure === "reject") return Promise.reject(error);
    if (fake.delayMs <= 0) return Promise.resolve(work());
    return new Promise((resolve) => setTimeout(() => resolve(work()), fake.delayMs));
  }

  return fake;
}
