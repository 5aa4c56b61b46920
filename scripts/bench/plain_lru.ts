/**
 * The memory tier's policy before W-TinyLFU, kept as the reference of `memory_tier.ts`: a Map in
 * access order (a hit re-inserts its key), the first key evicted beyond `maxEntries`. Promise-based
 * like the store, so the two cost the same microtask per call.
 */
export function createPlainLru<V>(maxEntries: number) {
  const map = new Map<string, V>();
  return {
    get(key: string): Promise<V | undefined> {
      const value = map.get(key);
      if (value === undefined) return Promise.resolve(undefined);
      map.delete(key);
      map.set(key, value);
      return Promise.resolve(value);
    },
    set(key: string, value: V): Promise<void> {
      map.delete(key);
      map.set(key, value);
      if (map.size > maxEntries) map.delete(map.keys().next().value!);
      return Promise.resolve();
    },
  };
}
