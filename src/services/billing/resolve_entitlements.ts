import type { Ctx } from "../../context.ts";
import {
  findSubscription,
  findSubscriptionIn,
  type SubscriptionFields,
} from "./entitlement_queries.ts";
import { type Entitlements, entitlementsCache } from "./entitlements.ts";
import { type PlanId, PLANS } from "./plans.ts";

/** Statuses whose plan is in force without conditions. */
const IN_FORCE = new Set(["active", "trialing"]);

/**
 * The caller's entitlements, never an error: memory, then Redis, then Postgres (through the
 * tiered cache). When Postgres cannot answer, a cached value is served however stale; a user
 * never seen before gets the free plan with status "unknown", because refusing every request of
 * a paying customer during an outage is worse than briefly under-serving one.
 */
export async function resolveEntitlements(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "logger">;
    input: { userId: string };
  },
): Promise<Entitlements> {
  const { userId } = input;
  try {
    const cached = await ctx.cache.swr(
      entitlementsCache,
      userId,
      async () => {
        const row = await findSubscription(ctx.db, userId);
        return entitlementsFromSubscription(row, userId, ctx.clock.now());
      },
    );
    if (cached) return applyGraceEnd(cached, ctx.clock.now());
  } catch (error) {
    ctx.logger.warn("Entitlements unavailable; answering the free plan", {
      userId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return entitlementsOf({
    userId,
    plan: "free",
    status: "unknown",
    graceUntil: null,
    now: ctx.clock.now(),
  });
}

/**
 * Entitlements straight from `subscriptions`, inside the caller's transaction (the publish gate
 * reads them with the rows it locks).
 */
export async function loadEntitlements(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "clock">; input: { userId: string } },
): Promise<Entitlements> {
  const row = await findSubscriptionIn(ctx.db, input.userId);
  return entitlementsFromSubscription(row, input.userId, ctx.clock.now());
}

/**
 * Active or trialing: the subscribed plan. Past due: the plan until `grace_until`. Anything else,
 * or no row: free.
 */
function entitlementsFromSubscription(
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
function applyGraceEnd(entitlements: Entitlements, now: number): Entitlements {
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

function entitlementsOf(
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
