import type { WindowCounterStore } from "../../ports/window_counter_store.ts";

/**
 * Shared counters in this process's memory: what several batched limiters in one process share in
 * tests (each limiter standing for an instance), with the semantics of the Redis store. Counters
 * two windows old are dropped as their key is next written, as Redis lets them expire.
 */
export function createMemoryWindowCounterStore(): WindowCounterStore & { readonly calls: number } {
  const counters = new Map<string, number>();
  const id = (policy: string, key: string, window: number) =>
    `${policy}\u0000${key}\u0000${window}`;
  let calls = 0;
  return {
    name: "memory",
    get calls() {
      return calls;
    },
    add(deltas) {
      calls += 1;
      const totals = deltas.map(({ policy, key, window, units }) => {
        counters.delete(id(policy, key, window - 2));
        const current = (counters.get(id(policy, key, window)) ?? 0) + units;
        if (units > 0) counters.set(id(policy, key, window), current);
        return { current, previous: counters.get(id(policy, key, window - 1)) ?? 0 };
      });
      return Promise.resolve(totals);
    },
    clear(policy, key, _windowMs, window) {
      calls += 1;
      for (const w of [window - 1, window, window + 1]) counters.delete(id(policy, key, w));
      return Promise.resolve();
    },
  };
}
