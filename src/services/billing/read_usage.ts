import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/database.ts";
import { rowsOf } from "../../db/raw_rows.ts";
import { usageCounters } from "../../db/tables/billing.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { metricPeriod } from "./periods.ts";
import { QUOTA_METRICS, type QuotaMetric } from "./plans.ts";

/** Units used of each metered quota in its current period, with when each resets (epoch ms). */
export type UsageByMetric = Record<QuotaMetric, { used: number; resetsAt: number }>;

const METRICS = Object.keys(QUOTA_METRICS) as QuotaMetric[];

/** Reads every metered counter of `userId` for the periods current at `ctx.now` in one query. */
export async function readUsage(
  { ctx, input }: { ctx: { db: Db | Tx; now: number }; input: { userId: string } },
): Promise<UsageByMetric> {
  const periods = Object.fromEntries(METRICS.map((m) => [m, metricPeriod(m, ctx.now)]));
  const starts = [...new Set(Object.values(periods).map((p) => p.start))].map((s) => new Date(s));
  const rows = await ctx.db.select({
    metric: usageCounters.metric,
    periodStart: usageCounters.periodStart,
    used: usageCounters.used,
  }).from(usageCounters).where(and(
    eq(usageCounters.userId, input.userId),
    inArray(usageCounters.metric, METRICS),
    inArray(usageCounters.periodStart, starts),
  ));
  const usage = {} as UsageByMetric;
  for (const metric of METRICS) {
    const period = periods[metric]!;
    const row = rows.find((r) => r.metric === metric && r.periodStart.getTime() === period.start);
    usage[metric] = { used: row?.used ?? 0, resetsAt: period.resetsAt };
  }
  return usage;
}

/**
 * `readUsage` plus the count of live published pitches, in one round trip (`GET
 * /v1/me/entitlements` needs both): the counters of the current periods and, in the same
 * statement, the count the `publishedPitches` limit applies to.
 */
export async function readUsageWithPublished(
  { ctx, input }: { ctx: { db: Db | Tx; now: number }; input: { userId: string } },
): Promise<{ usage: UsageByMetric; publishedPitches: number }> {
  const periods = Object.fromEntries(METRICS.map((m) => [m, metricPeriod(m, ctx.now)]));
  const current = sql.join(
    METRICS.map((metric) =>
      sql`(${usageCounters.metric} = ${metric} and ${usageCounters.periodStart} = ${
        new Date(periods[metric]!.start).toISOString()
      }::timestamptz)`
    ),
    sql` or `,
  );
  const result = await ctx.db.execute(sql`
    select ${usageCounters.metric} as metric, ${usageCounters.used} as used
    from ${usageCounters}
    where ${usageCounters.userId} = ${input.userId} and (${current})
    union all
    select 'published-pitches', count(*)::int
    from ${pitches}
    where ${pitches.ownerId} = ${input.userId} and ${pitches.status} = 'published'
      and ${pitches.deletedAt} is null`);
  const rows = rowsOf<{ metric: string; used: number | string }>(result);
  const usedOf = (metric: string) => Number(rows.find((r) => r.metric === metric)?.used ?? 0);
  const usage = {} as UsageByMetric;
  for (const metric of METRICS) {
    usage[metric] = { used: usedOf(metric), resetsAt: periods[metric]!.resetsAt };
  }
  return { usage, publishedPitches: usedOf("published-pitches") };
}
