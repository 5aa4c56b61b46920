import type { Ctx } from "../../context.ts";
import { cacheNamespace } from "../../ports/cache.ts";
import { periodAt } from "./periods.ts";
import type { QuotaMetric } from "./plans.ts";

/** Units used of each metered quota in its current period, with when each resets (epoch ms). */
export type UsageByMetric = Record<QuotaMetric, { used: number; resetsAt: number }>;

export interface CachedUsage {
  usage: UsageByMetric;
  publishedPitches: number;
}

/**
 * `<user id>:<UTC day start>` -> the user's usage of every limit (`readUsage`), so reading usage
 * (`GET /v1/me/entitlements`, a check without `consume`) is served from memory. The day in the key
 * starts a new entry whenever a daily or monthly counter resets. Consumption itself never reads
 * this: it stays one exact conditional upsert. What changes usage calls `forgetUsage` after its
 * commit; other instances drop their copies through the invalidation log (about a second), and a
 * copy that missed one is refreshed within `freshMs`.
 */
export const usageCache = cacheNamespace<CachedUsage>({
  name: "usage",
  freshMs: 60_000,
  staleMs: 10 * 60_000,
});

/** The key of `userId`'s usage at `now`. */
export function usageKey(userId: string, now: number): string {
  return `${userId}:${periodAt("day", now).start}`;
}

/**
 * Call after a committed change to a user's usage: a consumption or refund of quota (after the
 * transaction it ran in, or a reader racing it could cache the old count), or a pitch published,
 * archived or deleted (the published-pitches count).
 */
export async function forgetUsage(
  ctx: Pick<Ctx, "cache" | "clock">,
  userId: string,
): Promise<void> {
  await ctx.cache.remove(usageCache, usageKey(userId, ctx.clock.now()));
}
