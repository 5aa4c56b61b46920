import { utcDay } from "../../lib/utc_day.ts";
import { sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { rowsOf } from "../../db/raw_rows.ts";
import { pitchViewDaily, pitchViewRollups } from "../../db/tables/analytics.ts";
import { pitchViews } from "../../db/tables/engagement.ts";
import { withTransaction } from "../shared/with_transaction.ts";
import { deleteInBatches } from "./delete_in_batches.ts";

const DAY_MS = 86_400_000;
/**
 * Complete days counted again on every run. Views are buffered for seconds before they are
 * written, so a view from just before midnight can land after that day was rolled up: the next
 * run's recount picks it up. A row written later still would be missed by analytics.
 */
const RECOUNT_DAYS = 2;

export interface PitchViewRollupReport {
  /** Days counted into `pitch_view_daily` by this run (new ones and recounted recent ones). */
  rolledUpDays: number;
  /** Pitch-and-day rows written. */
  rolledUpRows: number;
  /** Raw `pitch_views` rows deleted for being older than `keepDays`. */
  prunedRows: number;
}

/**
 * Rolls `pitch_views` (one row per pitch, viewer and UTC day) up into daily counts per pitch, for
 * every complete day not rolled up yet and the last two, then deletes raw rows older than
 * `keepDays`. One transaction: a day is marked rolled up together with its counts, and only
 * rolled-up days are pruned (raw rows of a day disappear all at once, so a recount always sees
 * the whole day). Running it again the same day changes nothing.
 */
export async function rollUpPitchViews(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "clock">; input: { keepDays: number } },
): Promise<PitchViewRollupReport> {
  const now = ctx.clock.now();
  const today = utcDay(now);
  const recountFrom = utcDay(now - RECOUNT_DAYS * DAY_MS);
  const pruneBefore = utcDay(now - input.keepDays * DAY_MS);
  return await withTransaction(ctx, async (tx) => {
    const result = await tx.db.execute(sql`
      with days as (
        select distinct v.day from ${pitchViews} v
        where v.day < ${today}::date and (
          v.day >= ${recountFrom}::date
          or not exists (select 1 from ${pitchViewRollups} r where r.day = v.day)
        )
      ), counted as (
        insert into ${pitchViewDaily} (pitch_id, day, views)
        select pitch_id, day, count(*)::int from ${pitchViews}
        where day in (select day from days)
        group by pitch_id, day
        on conflict (pitch_id, day) do update set views = excluded.views
        returning 1
      ), marked as (
        insert into ${pitchViewRollups} (day, rolled_up_at)
        select day, ${new Date(now).toISOString()}::timestamptz from days
        on conflict (day) do update set rolled_up_at = excluded.rolled_up_at
        returning 1
      )
      select (select count(*) from marked)::int as days, (select count(*) from counted)::int as rows`);
    const [row] = rowsOf<{ days: number | string; rows: number | string }>(result);
    const prunedRows = await deleteInBatches(
      tx.db,
      pitchViews,
      sql`${pitchViews.day} < ${pruneBefore}::date`,
    );
    return {
      rolledUpDays: Number(row?.days ?? 0),
      rolledUpRows: Number(row?.rows ?? 0),
      prunedRows,
    };
  });
}
