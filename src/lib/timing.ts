import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Per-request accumulation of time spent in dependencies, reported in `Server-Timing`. Adapters call
 * `recordTiming` without knowing about HTTP; outside a request it is a no-op. AsyncLocalStorage is
 * used because ports are built once per isolate and shared by all concurrent requests.
 */
export type TimingName = "db" | "cache";

export interface RequestTimings {
  totals: Map<TimingName, { ms: number; count: number }>;
  /** Calls made to the database and to Redis while serving the request (see `countCall`). */
  calls: CallCounts;
}

/**
 * Calls that leave the process: SQL statements, Redis commands that only read, and Redis commands
 * that write (a rate-limit script, a cache fill, an invalidation). The edge rule is stated in these
 * (a warm request makes 0 SQL calls and 0 Redis writes), so tests and the benchmark read them.
 */
export interface CallCounts {
  sql: number;
  redisRead: number;
  redisWrite: number;
}

export type CallKind = keyof CallCounts;

/** Every call this process has made since it started; read by the benchmark through the app. */
export const processCalls: CallCounts = { sql: 0, redisRead: 0, redisWrite: 0 };

/**
 * Counts one call: in the process totals always, and in the current request's bag when it is
 * made while a request is being served (background work started by a request counts there too
 * only if it runs before the response is written).
 */
export function countCall(kind: CallKind): void {
  processCalls[kind] += 1;
  const bag = storage.getStore();
  if (bag) bag.calls[kind] += 1;
}

/** HTTP requests this process has started serving (every request gets one timing bag). */
export const processRequests = { http: 0 };

/**
 * Milliseconds this process has spent waiting on each dependency, inside requests or not, for
 * `GET /metrics` (the request bags only see time spent while a request is served).
 */
export const processTime: Record<TimingName, number> = { db: 0, cache: 0 };

const storage = new AsyncLocalStorage<RequestTimings>();

/** Runs `fn` with a fresh timing bag and returns both; counts one request in `processRequests`. */
export function withTimings<T>(
  fn: () => Promise<T>,
): { timings: RequestTimings; result: Promise<T> } {
  processRequests.http += 1;
  const timings: RequestTimings = {
    totals: new Map(),
    calls: { sql: 0, redisRead: 0, redisWrite: 0 },
  };
  return { timings, result: storage.run(timings, fn) };
}

export function recordTiming(name: TimingName, ms: number): void {
  processTime[name] += ms;
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
    const ms = performance.now() - start;
    if (bag) storage.run(bag, () => recordTiming(name, ms));
    else processTime[name] += ms;
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
  // What the request sent to Postgres and Redis, so a client (and a test) can see a warm request
  // stay in memory.
  const { sql, redisRead, redisWrite } = timings.calls;
  parts.push(`calls;desc="sql ${sql}, redis-read ${redisRead}, redis-write ${redisWrite}"`);
  parts.push(`total;dur=${totalMs.toFixed(1)}`);
  return parts.join(", ");
}
