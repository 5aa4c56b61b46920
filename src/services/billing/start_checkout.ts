import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { subscriptions } from "../../db/tables/billing.ts";
import { ConflictError } from "../../ports/errors.ts";
import { ensureCustomer } from "./ensure_customer.ts";
import type { BillingInterval, PaidPlanId } from "./plans.ts";
import { LIVE_STATUSES } from "./subscription_states.ts";

/**
 * Starts a hosted checkout for `plan` billed every `interval` and returns its URL. The customer
 * is created once per user. A user with a live subscription gets a 409 whatever the plan: a second
 * checkout would start a second subscription next to the first and bill both, so a change of plan
 * goes through `changePlan`, which moves the existing one. The idempotency key is per user, price
 * and UTC day: a double submit within the day replays the same session (Stripe keeps a key for
 * 24 h), while the day in the key lets the same user subscribe to the same price again later,
 * after a cancellation, without Stripe replaying a stale, expired session.
 */
export async function startCheckout(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "payments" | "settings" | "clock">;
    input: { userId: string; plan: PaidPlanId; interval: BillingInterval };
  },
): Promise<{ url: string }> {
  const { userId, plan, interval } = input;
  const [current] = await ctx.db
    .select({ plan: subscriptions.plan, status: subscriptions.status })
    .from(subscriptions).where(eq(subscriptions.userId, userId)).limit(1);
  if (current && LIVE_STATUSES.has(current.status)) {
    throw new ConflictError(
      `Already subscribed to plan "${current.plan}" (status "${current.status}"); change plan ` +
        "with POST /v1/billing/change-plan instead of a second checkout",
      { changePlan: "/v1/billing/change-plan" },
    );
  }
  const priceId = ctx.settings.prices[plan][interval];
  const customerId = await ensureCustomer({ ctx, input: { userId } });
  const day = new Date(ctx.clock.now()).toISOString().slice(0, 10);
  return await ctx.payments.createCheckout({
    userId,
    customerId,
    priceId,
    successUrl: `${ctx.settings.appUrl}/billing?checkout=success`,
    cancelUrl: `${ctx.settings.appUrl}/billing?checkout=canceled`,
    idempotencyKey: `checkout:${userId}:${priceId}:${day}`,
  });
}
