import type { Ctx } from "../../context.ts";
import { consumeQuota } from "./consume_quota.ts";
import { type PlanFeatures, QUOTA_METRICS, type QuotaMetric } from "./plans.ts";
import { readUsage } from "./read_usage.ts";
import { resolveEntitlements } from "./resolve_entitlements.ts";
import { forgetUsage } from "./usage_cache.ts";

/** What `POST /v1/entitlements/check` can ask about. */
export const PLAN_FEATURES = ["analytics", "teamFeatures"] as const satisfies Array<
  keyof PlanFeatures
>;
export const CHECKABLE = [
  ...PLAN_FEATURES,
  ...(Object.keys(QUOTA_METRICS) as QuotaMetric[]),
  "published-pitches",
] as const;
export type Checkable = (typeof CHECKABLE)[number];

export interface CheckResult {
  allowed: boolean;
  /** Units left; null for a plan feature or an unlimited quota. */
  remaining: number | null;
  /** Epoch ms the quota resets; null for features and for published pitches (no period). */
  resetsAt: number | null;
}

/**
 * Whether the caller's plan allows `feature` now. A plan feature answers yes or no. A metered
 * quota answers what is left this period and, with `consume`, uses that much atomically (all or
 * nothing: `allowed: false` consumes nothing). `consume` on anything else is refused by the route.
 */
export async function checkEntitlement(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "logger">;
    input: { userId: string; feature: Checkable; consume?: number };
  },
): Promise<CheckResult> {
  const { userId, feature, consume } = input;
  const entitlements = await resolveEntitlements({ ctx, input: { userId } });
  if (feature === "analytics" || feature === "teamFeatures") {
    return { allowed: entitlements.features[feature], remaining: null, resetsAt: null };
  }
  if (feature === "published-pitches") {
    const limit = entitlements.limits.publishedPitches;
    if (limit === null) return { allowed: true, remaining: null, resetsAt: null };
    const used = (await readUsage({ ctx, input: { userId } })).publishedPitches;
    return { allowed: used < limit, remaining: Math.max(0, limit - used), resetsAt: null };
  }
  const limit = entitlements.limits[QUOTA_METRICS[feature].limit];
  if (consume !== undefined) {
    const outcome = await consumeQuota({
      ctx,
      input: { userId, metric: feature, amount: consume, limit },
    });
    if (outcome.allowed) await forgetUsage(ctx, userId);
    return { allowed: outcome.allowed, remaining: outcome.remaining, resetsAt: outcome.resetsAt };
  }
  const { usage } = await readUsage({ ctx, input: { userId } });
  const { used, resetsAt } = usage[feature];
  if (limit === null) return { allowed: true, remaining: null, resetsAt };
  return { allowed: used < limit, remaining: Math.max(0, limit - used), resetsAt };
}
