import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/database.ts";
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
 * that would pass `limit` (null: unlimited). One transaction: create the period's counter if
 * missing, then a conditional `used = used + n where used + n <= limit`. Postgres re-checks the
 * condition against the latest row after waiting for a concurrent update, so concurrent calls can
 * never overshoot. An allowed consumption is also written to the usage ledger.
 */
export async function consumeQuota(
  { ctx, input }: {
    ctx: { db: Db | Tx; now: number };
    input: { userId: string; metric: QuotaMetric; amount: number; limit: number | null };
  },
): Promise<QuotaOutcome> {
  const { userId, metric, amount, limit } = input;
  const { start, resetsAt } = metricPeriod(metric, ctx.now);
  const period = new Date(start);
  const key = and(
    eq(usageCounters.userId, userId),
    eq(usageCounters.metric, metric),
    eq(usageCounters.periodStart, period),
  );
  return await ctx.db.transaction(async (tx) => {
    await tx.insert(usageCounters).values({ userId, metric, periodStart: period, used: 0 })
      .onConflictDoNothing();
    const fits = limit === null ? undefined : sql`${usageCounters.used} + ${amount} <= ${limit}`;
    const [row] = await tx.update(usageCounters)
      .set({ used: sql`${usageCounters.used} + ${amount}` })
      .where(and(key, fits))
      .returning({ used: usageCounters.used });
    if (row) {
      await tx.insert(usageLedger).values({
        userId,
        metric,
        amount,
        periodStart: period,
        occurredAt: new Date(ctx.now),
      });
      return outcome(true, row.used, limit, resetsAt);
    }
    const [current] = await tx.select({ used: usageCounters.used }).from(usageCounters).where(key);
    return outcome(false, current?.used ?? 0, limit, resetsAt);
  });
}

function outcome(allowed: boolean, used: number, limit: number | null, resetsAt: number) {
  const remaining = limit === null ? null : Math.max(0, limit - used);
  return { allowed, used, remaining, limit, resetsAt };
}
