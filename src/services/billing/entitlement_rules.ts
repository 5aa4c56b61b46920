import type { SubscriptionFields } from "./entitlement_queries.ts";
import type { Entitlements } from "./entitlements.ts";
import { type PlanId, PLANS } from "./plans.ts";

/** The pure rules that turn a subscription row into entitlements at a moment in time. */

/** Statuses whose plan is in force without conditions. */
const IN_FORCE = new Set(["active", "trialing"]);

/**
 * Active or trialing: the subscribed plan. Past due: the plan until `grace_until`. Anything else,
 * or no row: free.
 */
export function entitlementsFromSubscription(
  row: SubscriptionFields | undefined,
  userId: string,
  now: number,
): Entitlements {
  const base = { userId, now };
  if (!row) return entitlementsOf({ ...base, plan: "free", status: "free", graceUntil: null });
  const graceUntil = row.graceUntil?.getTime() ?? null;
  const inGrace = row.status === "past_due" && graceUntil !== null && graceUntil > now;
  const plan = IN_FORCE.has(row.status) || inGrace ? row.plan : "free";
  return entitlementsOf({
    ...base,
    plan,
    status: row.status,
    graceUntil: inGrace ? graceUntil : null,
  });
}

/** A cached grace period may end while the entry is still fresh: it ends on time all the same. */
export function applyGraceEnd(entitlements: Entitlements, now: number): Entitlements {
  const { graceUntil } = entitlements;
  if (graceUntil === null || graceUntil > now) return entitlements;
  return entitlementsOf({
    userId: entitlements.userId,
    plan: "free",
    status: entitlements.status,
    graceUntil: null,
    now: entitlements.resolvedAt,
  });
}

export function entitlementsOf(
  args: { userId: string; plan: PlanId; status: string; graceUntil: number | null; now: number },
): Entitlements {
  const plan = PLANS[args.plan];
  return {
    userId: args.userId,
    plan: plan.id,
    status: args.status,
    features: { ...plan.features },
    limits: { ...plan.limits },
    graceUntil: args.graceUntil,
    resolvedAt: args.now,
  };
}
