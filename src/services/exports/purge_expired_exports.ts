import { sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { rowsOf } from "../../db/raw_rows.ts";
import { exportChunks, reportExports } from "../../db/tables/exports.ts";
import { withTransaction } from "../shared/with_transaction.ts";

/** Exports purged per transaction: each is a short one, however many files expired. */
export const PURGE_BATCH_EXPORTS = 100;
/** Stray chunks deleted per statement. */
const ORPHAN_BATCH_CHUNKS = 1000;
/** Chunks of no ready build this old are debris of a build that died: none runs this long. */
export const ORPHAN_CHUNK_AGE_MS = 60 * 60 * 1000;

export interface PurgeOutcome {
  /** Exports whose files were deleted by this run. */
  exports: number;
  /** Their chunks. */
  chunks: number;
  /** Chunks of builds that died or lost to another delivery, which no export points at. */
  orphanChunks: number;
}

/**
 * The retention job's verb: deletes the files of exports expired at `ctx.clock.now()` and marks
 * them purged (the export rows stay, listed as expired, and their download answers 410), then
 * deletes stray chunks. Idempotent: a purged export is not looked at again, so a second run
 * finds nothing. Concurrent runs skip each other's exports (`for update skip locked`).
 */
export async function purgeExpiredExports(
  { ctx }: { ctx: Pick<Ctx, "db" | "clock" | "logger"> },
): Promise<PurgeOutcome> {
  const now = new Date(ctx.clock.now()).toISOString();
  const outcome: PurgeOutcome = { exports: 0, chunks: 0, orphanChunks: 0 };
  while (true) {
    const batch = await withTransaction(ctx, async (tx) => {
      const result = await tx.db.execute(sql`
        with due as (
          select ${reportExports.id} as id from ${reportExports}
          where ${reportExports.expiresAt} <= ${now}::timestamptz
            and ${reportExports.purgedAt} is null
          order by ${reportExports.expiresAt}
          limit ${PURGE_BATCH_EXPORTS}
          for update skip locked
        ), files as (
          delete from ${exportChunks} where ${exportChunks.exportId} in (select id from due)
          returning 1
        ), marked as (
          update ${reportExports} set purged_at = ${now}::timestamptz, content = null
          where ${reportExports.id} in (select id from due)
          returning 1
        )
        select (select count(*) from marked)::int as exports,
          (select count(*) from files)::int as chunks`);
      const [row] = rowsOf<{ exports: number | string; chunks: number | string }>(result);
      return { exports: Number(row?.exports ?? 0), chunks: Number(row?.chunks ?? 0) };
    });
    outcome.exports += batch.exports;
    outcome.chunks += batch.chunks;
    if (batch.exports < PURGE_BATCH_EXPORTS) break;
  }
  outcome.orphanChunks = await purgeOrphanChunks(ctx, ctx.clock.now() - ORPHAN_CHUNK_AGE_MS);
  if (outcome.exports + outcome.orphanChunks > 0) {
    ctx.logger.info("Expired export files purged", { ...outcome });
  }
  return outcome;
}

/** Deletes chunks older than `before` (epoch ms) that are not the file of their export. */
async function purgeOrphanChunks(ctx: Pick<Ctx, "db">, before: number): Promise<number> {
  const cutoff = new Date(before).toISOString();
  let total = 0;
  while (true) {
    const result = await ctx.db.execute(sql`
      with stray as (
        select c.export_id, c.build_id, c.seq from ${exportChunks} c
        where c.created_at < ${cutoff}::timestamptz and not exists (
          select 1 from ${reportExports} e
          where e.id = c.export_id and e.build_id = c.build_id
        )
        limit ${ORPHAN_BATCH_CHUNKS}
      ), gone as (
        delete from ${exportChunks} c using stray s
        where c.export_id = s.export_id and c.build_id = s.build_id and c.seq = s.seq
        returning 1
      )
      select count(*)::int as n from gone`);
    const n = Number(rowsOf<{ n: number | string }>(result)[0]?.n ?? 0);
    total += n;
    if (n < ORPHAN_BATCH_CHUNKS) return total;
  }
}
