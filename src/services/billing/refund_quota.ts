import type { Ctx } from "../../context.ts";
import { sql } from "drizzle-orm";
import { rowsOf } from "../../db/raw_rows.ts";
import { usageCounters, usageLedger } from "../../db/tables/billing.ts";
import { metricPeriod } from "./periods.ts";
import type { QuotaMetric } from "./plans.ts";

/**
 * Gives back `amount` units of `metric` consumed at `consumedAt` (epoch ms) for work that could
 * not be done (an export that failed to build). The counter of the consumption's own period goes
 * down, never below zero, and the ledger gets a negative row, so its sums keep matching the
 * counters. One statement; a refund for a period whose counter is gone records nothing.
 */
export async function refundQuota(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: { userId: string; metric: QuotaMetric; amount: number; consumedAt: number };
  },
): Promise<boolean> {
  const { userId, metric, amount } = input;
  const period = new Date(metricPeriod(metric, input.consumedAt).start).toISOString();
  const result = await ctx.db.execute(sql`
    with refunded as (
      update ${usageCounters} set used = greatest(${usageCounters.used} - ${amount}, 0)
      where ${usageCounters.userId} = ${userId} and ${usageCounters.metric} = ${metric}
        and ${usageCounters.periodStart} = ${period}::timestamptz
      returning 1
    ), recorded as (
      insert into ${usageLedger} (user_id, metric, amount, period_start, occurred_at)
      select ${userId}, ${metric}, ${-amount}, ${period}::timestamptz,
        ${new Date(ctx.clock.now()).toISOString()}::timestamptz
      from refunded
      returning 1
    )
    select count(*)::int as n from recorded`);
  const [row] = rowsOf<{ n: number | string }>(result);
  return Number(row?.n ?? 0) > 0;
}
