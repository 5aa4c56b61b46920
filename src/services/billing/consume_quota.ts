import type { Ctx } from "../../context.ts";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "../../db/raw_rows.ts";
import { usageCounters, usageLedger } from "../../db/tables/billing.ts";
import { metricPeriod } from "./periods.ts";
import type { QuotaMetric } from "./plans.ts";

/** The outcome of a consumption; `remaining` is null for an unlimited quota. */
export interface QuotaOutcome {
  allowed: boolean;
  /** Units used in the current period, after this consumption when allowed. */
  used: number;
  remaining: number | null;
  limit: number | null;
  /** Epoch ms the counter starts again from zero. */
  resetsAt: number;
}

/**
 * Uses up `amount` units of `metric` for `userId` in the current period, or nothing at all when
 * that would pass `limit` (null: unlimited). One statement, so one round trip and no explicit
 * transaction: an upsert of the period's counter whose update only happens when `used + amount`
 * stays within the limit (Postgres re-checks that condition against the latest row after waiting
 * for a concurrent update, so concurrent calls can never overshoot), and, from the same statement,
 * the usage-ledger row of an allowed consumption. Only a refusal costs a second query, to report
 * the usage that refused it.
 */
export async function consumeQuota(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: { userId: string; metric: QuotaMetric; amount: number; limit: number | null };
  },
): Promise<QuotaOutcome> {
  const { userId, metric, amount, limit } = input;
  const { start, resetsAt } = metricPeriod(metric, ctx.clock.now());
  const period = new Date(start).toISOString();
  const fits = limit === null || amount <= limit;
  if (fits) {
    const result = await ctx.db.execute(sql`
      with counted as (
        insert into ${usageCounters} (user_id, metric, period_start, used)
        values (${userId}, ${metric}, ${period}::timestamptz, ${amount})
        on conflict (user_id, metric, period_start) do update
          set used = ${usageCounters}.used + excluded.used
          where ${limit}::int is null or ${usageCounters}.used + excluded.used <= ${limit}::int
        returning used
      ), recorded as (
        insert into ${usageLedger} (user_id, metric, amount, period_start, occurred_at)
        select ${userId}, ${metric}, ${amount}, ${period}::timestamptz,
          ${new Date(ctx.clock.now()).toISOString()}::timestamptz
        from counted
      )
      select used from counted`);
    const [row] = rowsOf<{ used: number }>(result);
    if (row) return outcome(true, Number(row.used), limit, resetsAt);
  }
  const [current] = await ctx.db.select({ used: usageCounters.used }).from(usageCounters).where(
    and(
      eq(usageCounters.userId, userId),
      eq(usageCounters.metric, metric),
      eq(usageCounters.periodStart, new Date(start)),
    ),
  );
  return outcome(false, current?.used ?? 0, limit, resetsAt);
}

function outcome(allowed: boolean, used: number, limit: number | null, resetsAt: number) {
  const remaining = limit === null ? null : Math.max(0, limit - used);
  return { allowed, used, remaining, limit, resetsAt };
}
