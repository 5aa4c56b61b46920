import { getTableName, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import type { Db, Tx } from "../../db/database.ts";
import { rowsOf } from "../../db/raw_rows.ts";
import { usageLedger } from "../../db/tables/billing.ts";
import { withTransaction } from "../shared/with_transaction.ts";

/** Months kept ready after the current one, so a late run still finds next month's partition. */
export const LEDGER_MONTHS_AHEAD = 2;
/** The catch-all partition migration 0004 created; rows land there when no month covers them. */
const DEFAULT_PARTITION = sql.identifier("usage_ledger_default");
const COLUMNS = sql.raw("id, user_id, metric, amount, period_start, occurred_at");

export interface LedgerPartitionReport {
  /** Partitions this run created, oldest first (`usage_ledger_2026_03`). */
  created: string[];
  /** Rows moved out of the default partition into the partitions created for their months. */
  movedRows: number;
}

/**
 * Keeps the usage ledger partitioned by month: the current month (by `ctx.clock`) and the next two
 * always have their own partition, and so does any month with rows in the default partition.
 * Postgres refuses to create a month's partition while the default holds rows of that month, so
 * those rows are moved out first and back in after, in one transaction holding an exclusive lock
 * on the ledger (quota consumption waits for it: milliseconds, once a month). A run with nothing
 * to do takes no lock; running twice creates nothing the second time.
 */
export async function maintainLedgerPartitions(
  { ctx }: { ctx: Pick<Ctx, "db" | "clock" | "logger"> },
): Promise<LedgerPartitionReport> {
  const wanted = monthsFrom(ctx.clock.now(), LEDGER_MONTHS_AHEAD);
  const first = await missingMonths(ctx.db, wanted);
  const report = first.missing.length === 0 ? { created: [], movedRows: 0 } : await withTransaction(
    ctx,
    async (tx) => {
      // Waiting behind a long transaction is better given up on than piling quota calls up.
      await tx.db.execute(sql`set local lock_timeout = '10s'`);
      await tx.db.execute(sql`lock table ${usageLedger} in access exclusive mode`);
      // Under the lock the answer is final (a concurrent run may have done part of the work).
      const plan = await missingMonths(tx.db, wanted);
      const movedRows = plan.inDefault.length > 0 ? await holdDefaultRows(tx.db, plan.missing) : 0;
      const created: string[] = [];
      for (const month of plan.missing) {
        const result = await tx.db.execute(
          sql`select usage_ledger_ensure_partition(${month}::timestamptz) as name`,
        );
        created.push(rowsOf<{ name: string }>(result)[0]!.name);
      }
      if (movedRows > 0) {
        await tx.db.execute(sql`
          insert into ${usageLedger} (${COLUMNS}) select ${COLUMNS} from usage_ledger_moving`);
        // Dropped now, not only at commit: a caller's outer transaction may run this again.
        await tx.db.execute(sql`drop table usage_ledger_moving`);
      }
      return { created, movedRows };
    },
  );
  ctx.logger.info("Ledger partitions maintained", {
    months: wanted.map((m) => m.slice(0, 7)),
    created: report.created,
    movedRows: report.movedRows,
  });
  return report;
}

/**
 * Moves the default partition's rows of `months` into a temporary table (dropped at commit), so
 * their partitions can be created. Returns how many rows it moved.
 */
async function holdDefaultRows(db: Db | Tx, months: string[]): Promise<number> {
  await db.execute(sql`
    create temporary table usage_ledger_moving (like ${usageLedger}) on commit drop`);
  const list: SQL = sql.join(months.map((m) => sql`${m}::timestamptz`), sql`, `);
  const result = await db.execute(sql`
    with moved as (
      delete from ${DEFAULT_PARTITION}
      where date_trunc('month', occurred_at, 'UTC') in (${list})
      returning ${COLUMNS}
    ), held as (
      insert into usage_ledger_moving (${COLUMNS}) select ${COLUMNS} from moved returning 1
    )
    select count(*)::int as n from held`);
  return Number(rowsOf<{ n: number | string }>(result)[0]?.n ?? 0);
}

/**
 * The months (ISO start instants) that need a partition: the wanted ones and every month with rows
 * in the default partition, less those that have one.
 */
async function missingMonths(
  db: Db | Tx,
  wanted: string[],
): Promise<{ missing: string[]; inDefault: string[] }> {
  const existing = rowsOf<{ name: string }>(
    await db.execute(sql`
      select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = ${getTableName(usageLedger)}::regclass`),
  ).map((row) => row.name);
  const inDefault = rowsOf<{ month: string }>(
    await db.execute(sql`
      select distinct to_char(date_trunc('month', occurred_at, 'UTC') at time zone 'UTC',
        'YYYY-MM-01"T00:00:00.000Z"') as month
      from ${DEFAULT_PARTITION}`),
  ).map((row) => row.month);
  const have = new Set(existing);
  const missing = [...new Set([...wanted, ...inDefault])]
    .filter((month) => !have.has(partitionName(month)))
    .sort();
  return { missing, inDefault: inDefault.filter((month) => missing.includes(month)) };
}

/** `usage_ledger_2026_03` for "2026-03-01T00:00:00.000Z", as the SQL function names it. */
function partitionName(monthStart: string): string {
  return `usage_ledger_${monthStart.slice(0, 4)}_${monthStart.slice(5, 7)}`;
}

/** The UTC month starts of `now`'s month and the `ahead` months after it, as ISO strings. */
export function monthsFrom(now: number, ahead: number): string[] {
  const d = new Date(now);
  return Array.from(
    { length: ahead + 1 },
    (_, i) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i, 1)).toISOString(),
  );
}
