import { and, eq } from "drizzle-orm";
import { cacheNamespace } from "../../ports/cache.ts";
import { withTransaction } from "../shared/with_transaction.ts";
import type { Ctx } from "../../context.ts";
import { usageCounters } from "../../db/tables/billing.ts";
import { consumeQuota } from "./consume_quota.ts";
import { metricPeriod } from "./periods.ts";
import { quotaExceeded } from "./quota_exceeded.ts";
import { resolveEntitlements } from "./resolve_entitlements.ts";
import { forgetUsage } from "./usage_cache.ts";

/**
 * Marks "this investor opened this pitch this month". Stored as a `usage_counters` row keyed by
 * (user, `opened-pitch:<id>`, month start): that primary key is exactly the dedupe key needed,
 * the month is its period, rows go with the account (cascade), and no new table is needed. The
 * prefix keeps these rows apart from the real metrics, which are read by exact name.
 */
export const OPENED_PITCH_PREFIX = "opened-pitch:";

/**
 * `<user id>:<pitch id>:<month start>` -> true once that open has been charged, so a repeat open
 * costs no query. Only ever true: an open is never uncharged within its month.
 */
const openedPitchCache = cacheNamespace<true>({
  name: "opened-pitch",
  freshMs: 24 * 60 * 60_000,
  staleMs: 24 * 60 * 60_000,
});

/**
 * Charges one "pitch-views" to an investor the first time they open `pitchId` in the current UTC
 * month; reopening it that month is free. Over the plan's limit it throws a `QuotaExceededError`
 * and records nothing, so the pitch can still be opened once the quota allows.
 *
 * The marker and the charge commit together. Two concurrent first opens: the second marker
 * insert waits on the first's uncommitted key, then finds it (one charge) or, if the first was
 * refused and rolled back, inserts its own. A repeat open is answered from the cache.
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
  const openedKey = `${userId}:${pitchId}:${periodStart.getTime()}`;
  // Only "opened" is ever cached, and it stays true for the month: a stale copy cannot let an
  // unpaid open through. A miss ("not opened yet") is never cached.
  const opened = await ctx.cache.swr(openedPitchCache, openedKey, async () => {
    const [seen] = await ctx.db.select({ used: usageCounters.used }).from(usageCounters).where(and(
      eq(usageCounters.userId, userId),
      eq(usageCounters.metric, marker.metric),
      eq(usageCounters.periodStart, periodStart),
    )).limit(1);
    return seen ? true : undefined;
  });
  if (opened) return;
  const entitlements = await resolveEntitlements({ ctx, input: { userId } });
  const limit = entitlements.limits.monthlyPitchViews;
  const charged = await withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const [fresh] = await tx.insert(usageCounters).values({ ...marker, used: 1 })
      .onConflictDoNothing().returning({ used: usageCounters.used });
    if (!fresh) return false;
    const outcome = await consumeQuota({
      ctx: txCtx,
      input: { userId, metric: "pitch-views", amount: 1, limit },
    });
    if (outcome.allowed) return true;
    throw quotaExceeded(
      `Cannot open pitch "${pitchId}": plan "${entitlements.plan}" allows ${limit} pitch views a month`,
      "pitch-views",
      outcome,
    );
  });
  // Committed now: the marker exists (ours, or a concurrent open's), so later opens are free.
  if (charged) await forgetUsage(ctx, userId);
  await ctx.cache.swr(openedPitchCache, openedKey, () => Promise.resolve(true));
}
