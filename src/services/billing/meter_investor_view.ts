import { and, eq } from "drizzle-orm";
import { withTransaction } from "../shared/with_transaction.ts";
import type { Ctx } from "../../context.ts";
import { usageCounters } from "../../db/tables/billing.ts";
import { consumeQuota } from "./consume_quota.ts";
import { metricPeriod } from "./periods.ts";
import { quotaExceeded } from "./quota_exceeded.ts";
import { resolveEntitlements } from "./resolve_entitlements.ts";

/**
 * Marks "this investor opened this pitch this month". Stored as a `usage_counters` row keyed by
 * (user, `opened-pitch:<id>`, month start): that primary key is exactly the dedupe key needed,
 * the month is its period, rows go with the account (cascade), and no new table is needed. The
 * prefix keeps these rows apart from the real metrics, which are read by exact name.
 */
export const OPENED_PITCH_PREFIX = "opened-pitch:";

/**
 * Charges one "pitch-views" to an investor the first time they open `pitchId` in the current UTC
 * month; reopening it that month is free. Over the plan's limit it throws a `QuotaExceededError`
 * and records nothing, so the pitch can still be opened once the quota allows.
 *
 * The marker and the charge commit together. Two concurrent first opens: the second marker
 * insert waits on the first's uncommitted key, then finds it (one charge) or, if the first was
 * refused and rolled back, inserts its own. A repeat open costs one primary-key read.
 */
export async function meterInvestorView(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "logger">;
    input: { userId: string; pitchId: string };
  },
): Promise<void> {
  const { userId, pitchId } = input;
  const now = ctx.clock.now();
  const periodStart = new Date(metricPeriod("pitch-views", now).start);
  const marker = {
    userId,
    metric: `${OPENED_PITCH_PREFIX}${pitchId}`,
    periodStart,
  };
  const db = ctx.db;
  const [seen] = await db.select({ used: usageCounters.used }).from(usageCounters).where(and(
    eq(usageCounters.userId, userId),
    eq(usageCounters.metric, marker.metric),
    eq(usageCounters.periodStart, periodStart),
  )).limit(1);
  if (seen) return;
  const entitlements = await resolveEntitlements({ ctx, input: { userId } });
  const limit = entitlements.limits.monthlyPitchViews;
  await withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const [fresh] = await tx.insert(usageCounters).values({ ...marker, used: 1 })
      .onConflictDoNothing().returning({ used: usageCounters.used });
    if (!fresh) return;
    const outcome = await consumeQuota({
      ctx: txCtx,
      input: { userId, metric: "pitch-views", amount: 1, limit },
    });
    if (outcome.allowed) return;
    throw quotaExceeded(
      `Cannot open pitch "${pitchId}": plan "${entitlements.plan}" allows ${limit} pitch views a month`,
      "pitch-views",
      outcome,
    );
  });
}
