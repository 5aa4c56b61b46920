import { cacheNamespace } from "../../ports/cache.ts";
import type { PlanFeatures, PlanId, PlanLimits } from "./plans.ts";

/**
 * What a user may do right now: the plan in force (after grace periods and cancellations), its
 * features and limits. Usage is not part of it: counters change on every consumption and are read
 * separately.
 */
export interface Entitlements {
  userId: string;
  plan: PlanId;
  /** "free" for users without a subscription; else the provider's status ("active", "past_due"...). */
  status: string;
  features: PlanFeatures;
  limits: PlanLimits;
  /** Epoch ms of the end of a past-due grace period, when in one. */
  graceUntil: number | null;
  /** Epoch ms the entitlements were resolved from the database. */
  resolvedAt: number;
}

/**
 * Entitlements by user id. Memory tier in front of Redis in front of Postgres: a change (webhook,
 * cancellation) removes the entry, and the invalidation log drops other instances' memory copies
 * within a second. The long stale window is what keeps answering when Postgres is down: a failed
 * refresh leaves the last known value in place.
 */
export const entitlementsCache = cacheNamespace<Entitlements>({
  name: "entitlements",
  freshMs: 5 * 60_000,
  staleMs: 24 * 60 * 60_000,
});
