/** State shared by one in-flight load; `invalidated` tells it that its result must not be cached. */
export interface Flight {
  invalidated: boolean;
}

/** Shares one in-flight promise per key between concurrent callers. */
export interface Coalescer {
  /** Joins the in-flight work for `key`, or starts `work` if there is none. */
  run<T>(key: string, work: (flight: Flight) => Promise<T>): Promise<T>;
  /**
   * Marks the in-flight work for `key` as invalidated and forgets it, so its result is not written
   * back and the next caller starts fresh work instead of joining an outdated one.
   */
  invalidate(key: string): void;
}

/** Creates a coalescer keyed by the full cache key. */
export function createCoalescer(): Coalescer {
  const flights = new Map<string, { flight: Flight; promise: Promise<unknown> }>();
  return {
    run<T>(key: string, work: (flight: Flight) => Promise<T>): Promise<T> {
      const current = flights.get(key);
      // The full key includes the namespace, and a namespace fixes the value type.
      if (current) return current.promise as Promise<T>;
      const flight: Flight = { invalidated: false };
      // Deferring `work` by a microtask registers the flight before any loader code runs, and turns
      // a synchronous throw into a rejection every joined caller sees.
      const promise = Promise.resolve()
        .then(() => work(flight))
        .finally(() => {
          if (flights.get(key)?.flight === flight) flights.delete(key);
        });
      flights.set(key, { flight, promise });
      return promise;
    },
    invalidate(key: string): void {
      const current = flights.get(key);
      if (!current) return;
      current.flight.invalidated = true;
      flights.delete(key);
    },
  };
}
