import type { Ctx } from "../../context.ts";
import { sql } from "drizzle-orm";
import { rowsOf } from "../../db/raw_rows.ts";
import { usageCounters } from "../../db/tables/billing.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { metricPeriod } from "./periods.ts";
import { QUOTA_METRICS, type QuotaMetric } from "./plans.ts";
import { type CachedUsage, type UsageByMetric, usageCache, usageKey } from "./usage_cache.ts";

const METRICS = Object.keys(QUOTA_METRICS) as QuotaMetric[];

/**
 * Every limit's usage of `userId` at `ctx.clock.now()`, through the cache (see `usageCache`).
 * Throws when it is not cached and the database cannot answer.
 */
export async function readUsage(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "cache" | "clock">; input: { userId: string } },
): Promise<CachedUsage> {
  const key = usageKey(input.userId, ctx.clock.now());
  const cached = await ctx.cache.swr(usageCache, key, () => loadUsage(ctx, input.userId));
  // The loader always returns a value; undefined would only come from a misbehaving tier.
  return cached ?? await loadUsage(ctx, input.userId);
}

/**
 * One round trip: each metered counter of the period current at `ctx.clock.now()` and, in the
 * same statement, the live published pitches the `publishedPitches` limit counts.
 */
async function loadUsage(ctx: Pick<Ctx, "db" | "clock">, userId: string): Promise<CachedUsage> {
  const periods = Object.fromEntries(METRICS.map((m) => [m, metricPeriod(m, ctx.clock.now())]));
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
    where ${usageCounters.userId} = ${userId} and (${current})
    union all
    select 'published-pitches', count(*)::int
    from ${pitches}
    where ${pitches.ownerId} = ${userId} and ${pitches.status} = 'published'
      and ${pitches.deletedAt} is null`);
  const rows = rowsOf<{ metric: string; used: number | string }>(result);
  const usedOf = (metric: string) => Number(rows.find((r) => r.metric === metric)?.used ?? 0);
  const usage = {} as UsageByMetric;
  for (const metric of METRICS) {
    usage[metric] = { used: usedOf(metric), resetsAt: periods[metric]!.resetsAt };
  }
  return { usage, publishedPitches: usedOf("published-pitches") };
}
