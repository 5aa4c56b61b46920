import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../../db/database.ts";
import { usageCounters } from "../../db/tables/billing.ts";
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
