import { type SQL, sql, type SQLWrapper } from "drizzle-orm";
import { fromMicros } from "../pitches/pitch_list_sql.ts";
import type { BuildProgress } from "./export_file_writer.ts";

/**
 * Reads a query page by page in keyset order: `read(last, limit)` returns the `limit` rows after
 * `last` (the first page when undefined). Yields each non-empty page and stops after a short one,
 * so at most one page of rows is in memory, and every read counts in `progress.batches`.
 */
export async function* keysetBatches<Row>(
  progress: BuildProgress,
  size: number,
  read: (last: Row | undefined, limit: number) => Promise<Row[]>,
): AsyncGenerator<Row[]> {
  let last: Row | undefined;
  while (true) {
    const rows = await read(last, size);
    progress.batches += 1;
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    last = rows[rows.length - 1];
  }
}

/**
 * The keyset condition "after `last`" for an ascending order on (time, tie-breaker): `last.key`
 * is the time in exact microseconds (`micros()`), because a JavaScript date would round it and
 * repeat or skip rows. True for the first page.
 */
export function afterTimeKey(
  time: SQLWrapper,
  tieBreaker: SQLWrapper,
  last: { key: string; tie: string } | undefined,
): SQL {
  if (!last) return sql`true`;
  return sql`(${time}, ${tieBreaker}) > (${fromMicros(last.key)}, ${last.tie})`;
}

/**
 * The pages of a query in ascending (time, tie-breaker) order: `read(after, limit)` runs it with
 * `after` (from `afterTimeKey`) in its WHERE clause, selecting the time as `key: micros(time)`
 * and the tie-breaker as `tie`.
 */
export function pagesByTime<Row extends { key: string; tie: string }>(
  progress: BuildProgress,
  size: number,
  keys: { time: SQLWrapper; tie: SQLWrapper },
  read: (after: SQL, limit: number) => Promise<Row[]>,
): () => AsyncGenerator<Row[]> {
  return () =>
    keysetBatches<Row>(
      progress,
      size,
      (last, limit) => read(afterTimeKey(keys.time, keys.tie, last), limit),
    );
}
