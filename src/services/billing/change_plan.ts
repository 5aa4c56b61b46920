import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { subscriptions } from "../../db/tables/billing.ts";
import { ConflictError } from "../../ports/errors.ts";
import type { BillingInterval, PaidPlanId } from "./plans.ts";
import { LIVE_STATUSES } from "./subscription_states.ts";

export interface PlanChange {
  /**
   * "pending": the provider has the new price; the plan in force here follows when its
   * `subscription.changed` webhook is applied. "unchanged": already on that price, nothing sent.
   */
  status: "pending" | "unchanged";
  plan: PaidPlanId;
  interval: BillingInterval;
}

const CHECKOUT = { checkout: "/v1/billing/checkout" };

/**
 * Moves the user's live subscription to `plan` billed every `interval`, in place and with
 * proration, instead of a second checkout that would bill two subscriptions. Nothing is written
 * here: the provider's webhook carries the new state through the one path every billing change
 * takes (entitlements, emails, out-of-order events). A past-due subscription is refused: an
 * upgrade on an unpaid invoice would hand out a better plan for nothing, so it is settled in the
 * portal first.
 */
export async function changePlan(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "payments" | "settings" | "logger">;
    input: { userId: string; plan: PaidPlanId; interval: BillingInterval };
  },
): Promise<PlanChange> {
  const { userId, plan, interval } = input;
  const [current] = await ctx.db
    .select({
      subscriptionId: subscriptions.subscriptionId,
      status: subscriptions.status,
      priceId: subscriptions.priceId,
    })
    .from(subscriptions).where(eq(subscriptions.userId, userId)).limit(1);
  if (!current || !LIVE_STATUSES.has(current.status)) {
    throw new ConflictError(
      `User "${userId}" has no live subscription to change; start one with ` +
        "POST /v1/billing/checkout",
      CHECKOUT,
    );
  }
  const { subscriptionId } = current;
  if (current.status === "past_due") {
    throw new ConflictError(
      `Subscription "${subscriptionId}" is past due; settle it in the billing portal ` +
        "(POST /v1/billing/portal) before changing plan",
      { portal: "/v1/billing/portal" },
    );
  }
  const priceId = ctx.settings.prices[plan][interval];
  const result = await ctx.payments.changeSubscription({ subscriptionId, priceId, prorate: true });
  if (!result) {
    throw new ConflictError(
      `Subscription "${subscriptionId}" has ended at the payment provider; start a new one ` +
        "with POST /v1/billing/checkout",
      CHECKOUT,
    );
  }
  // Already on that price at the provider but not here: its webhook is still on its way.
  const pending = result.changed || current.priceId !== priceId;
  ctx.logger.info("Plan change requested", {
    userId,
    subscriptionId,
    priceId,
    changed: result.changed,
  });
  return { status: pending ? "pending" : "unchanged", plan, interval };
}
