import { type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../db/database.ts";
import { rowsOf } from "../../db/raw_rows.ts";

/** Rows one statement deletes at most: each batch's locks and WAL stay small. */
export const DELETE_BATCH_SIZE = 5_000;

/**
 * Deletes the rows of `table` matching `where`, a batch at a time, and returns how many went.
 * Batches are picked by `ctid`, so any table works whatever its key. Safe to run concurrently
 * with writers: a row changed meanwhile keeps its place for the next run.
 */
export async function deleteInBatches(
  db: Db | Tx,
  table: PgTable,
  where: SQL,
  batchSize = DELETE_BATCH_SIZE,
): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.execute(sql`
      with gone as (
        delete from ${table}
        where ctid = any(array(select ctid from ${table} where ${where} limit ${batchSize}))
        returning 1
      )
      select count(*)::int as n from gone`);
    const n = Number(rowsOf<{ n: number | string }>(result)[0]?.n ?? 0);
    total += n;
    if (n < batchSize) return total;
  }
}
