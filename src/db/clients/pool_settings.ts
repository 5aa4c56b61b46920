import { AsyncResource } from "node:async_hooks";
import { countCall, startTiming } from "../../lib/timing.ts";
import { startSpan } from "../../lib/tracing.ts";
import type { PoolFigures } from "../database.ts";

/**
 * Settings shared by the node-postgres and Neon pools (Neon's Pool is node-postgres with a WebSocket
 * socket, so both take the same options and emit the same events).
 */
export const POOL_DEFAULTS = {
  connectionTimeoutMillis: 5_000,
  idleTimeoutMillis: 30_000,
  // A query stuck behind a lock must not hold a request forever.
  statement_timeout: 15_000,
} as const;

/** The counters node-postgres' Pool (and Neon's) keeps. */
interface PoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** A pool's figures as `Database.pools` reports them. */
export function poolFigures(pool: PoolCounters, max: number): PoolFigures {
  return {
    role: "primary",
    total: pool.totalCount,
    inUse: pool.totalCount - pool.idleCount,
    waiting: pool.waitingCount,
    max,
  };
}

type QueryClient = { query: (...args: never[]) => unknown };

/** The part of node-postgres' (and Neon's) Pool that `guardPool` uses. */
interface PoolEvents {
  // deno-lint-ignore no-explicit-any
  on(event: any, listener: (...args: any[]) => void): unknown;
  // deno-lint-ignore no-explicit-any
  connect(callback?: any): any;
}

/**
 * Makes a pool safe and observable: a client losing its connection emits "error", which unhandled
 * would crash the process; every new client gets its queries timed for Server-Timing.
 *
 * The pool listens for that event only while a client is idle. A client checked out for a
 * transaction, waiting between two queries when Postgres stops or crashes, emits it with nobody
 * listening: found by the fault suite, it took the whole process down. Each client gets its own
 * listener; nothing is lost by ignoring the event, since the running or next query on that client
 * fails with the same cause (an unavailable-database error, so a 503), and the pool drops the
 * client on release because it is no longer queryable.
 */
export function guardPool(pool: PoolEvents): void {
  pool.on("error", () => {});
  // `pool.query` waits for a free client with a callback; when the pool is busy, that callback runs
  // from whichever request releases a client, in that request's async context, and its query time
  // would be charged to the wrong request. Binding the callback keeps the caller's context.
  const connect = pool.connect.bind(pool);
  pool.connect = (callback?: (...args: unknown[]) => void) =>
    callback ? connect(AsyncResource.bind(callback)) : connect();
  pool.on("connect", (client: QueryClient & PoolEvents) => {
    client.on("error", () => {});
    instrumentClient(client);
  });
}

/** What every database span says; the statement itself is left out (it can quote values). */
export const POSTGRES_SPAN_ATTRIBUTES = { "db.system.name": "postgresql" } as const;

/**
 * Every query, pooled or inside a transaction, runs on a pooled client; time each one, and trace
 * it when tracing is on.
 */
export function instrumentClient(client: QueryClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    countCall("sql");
    const stop = startTiming("db");
    const endSpan = startSpan("db.query", POSTGRES_SPAN_ATTRIBUTES);
    // `pool.query` calls `client.query(text, values, callback)`: time until the callback.
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (...results: unknown[]) => {
        stop();
        endSpan(results[0]);
        return (last as (...a: unknown[]) => unknown)(...results);
      };
      return query(...args);
    }
    const result = query(...args);
    if (result instanceof Promise) {
      return result.then((value) => {
        stop();
        endSpan();
        return value;
      }, (error) => {
        stop();
        endSpan(error);
        throw error;
      });
    }
    stop();
    endSpan();
    return result;
  }) as typeof client.query;
}
