import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Per-request accumulation of time spent in dependencies, reported in `Server-Timing`. Adapters call
 * `recordTiming` without knowing about HTTP; outside a request it is a no-op. AsyncLocalStorage is
 * used because ports are built once per isolate and shared by all concurrent requests.
 */
export type TimingName = "db" | "cache";

export interface RequestTimings {
  totals: Map<TimingName, { ms: number; count: number }>;
}

const storage = new AsyncLocalStorage<RequestTimings>();

/** Runs `fn` with a fresh timing bag and returns both. */
export function withTimings<T>(
  fn: () => Promise<T>,
): { timings: RequestTimings; result: Promise<T> } {
  const timings: RequestTimings = { totals: new Map() };
  return { timings, result: storage.run(timings, fn) };
}

export function recordTiming(name: TimingName, ms: number): void {
  const bag = storage.getStore();
  if (!bag) return;
  const current = bag.totals.get(name) ?? { ms: 0, count: 0 };
  current.ms += ms;
  current.count += 1;
  bag.totals.set(name, current);
}

/**
 * Starts a measurement bound to the current request and returns the function that ends it. For
 * callback APIs whose callback may run outside the request's async context.
 */
export function startTiming(name: TimingName): () => void {
  const bag = storage.getStore();
  const start = performance.now();
  return () => {
    if (bag) storage.run(bag, () => recordTiming(name, performance.now() - start));
  };
}

/** Awaits `work` and records its duration under `name`, whether it succeeds or fails. */
export async function timed<T>(name: TimingName, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    recordTiming(name, performance.now() - start);
  }
}

/** Formats the bag as a `Server-Timing` header value, e.g. `db;dur=3.1;desc="2 queries"`. */
export function formatServerTiming(timings: RequestTimings, totalMs: number): string {
  const parts: string[] = [];
  for (const [name, { ms, count }] of timings.totals) {
    parts.push(`${name};dur=${ms.toFixed(1)};desc="${count} call${count === 1 ? "" : "s"}"`);
  }
  parts.push(`total;dur=${totalMs.toFixed(1)}`);
  return parts.join(", ");
}
