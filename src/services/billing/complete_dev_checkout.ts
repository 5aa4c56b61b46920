import {
  type BillingEvent,
  isOfflinePayments,
  type OfflinePayments,
  type Payments,
} from "../../ports/payments.ts";
import { NotFoundError } from "../../ports/errors.ts";
import { type BillingWebhookCtx, receiveBillingWebhook } from "./receive_billing_webhook.ts";
import { planOfPrice } from "./apply_subscription_snapshot.ts";
import { PLANS } from "./plans.ts";

const DAY_MS = 24 * 60 * 60_000;

/**
 * The offline stand-in for paying on a hosted checkout page: builds the events a provider would
 * send for the recorded checkout (the subscription created active, the checkout completed, the
 * first invoice paid at the plan's display price),
 * signs them with the memory adapter's key and feeds each through `receiveBillingWebhook`, the
 * code path real webhooks take. Ids derive from the session, so a second visit is a duplicate.
 * Returns the checkout's success URL. Not found unless payments are the memory adapter.
 */
export async function completeDevCheckout(
  { ctx, input }: {
    ctx: BillingWebhookCtx;
    input: { sessionId: string };
  },
): Promise<{ redirectTo: string }> {
  const payments = offlinePayments(ctx.payments);
  const checkout = payments.checkouts.find((c) => c.sessionId === input.sessionId);
  if (!checkout) throw new NotFoundError(`Checkout session "${input.sessionId}" not found`);
  const now = ctx.clock.now();
  const yearly = Object.values(ctx.settings.prices).some((p) => p.year === checkout.priceId);
  const plan = planOfPrice(ctx.settings.prices, checkout.priceId);
  const amount = plan ? PLANS[plan].amounts?.[yearly ? "year" : "month"] ?? null : null;
  const subscriptionId = `sub_dev_${input.sessionId.replace(/^cs_dev_/, "")}`;
  const events: BillingEvent[] = [
    {
      kind: "subscription.changed",
      eventId: `evt_dev_${input.sessionId}_subscription`,
      occurredAt: now,
      subscription: {
        id: subscriptionId,
        customerId: checkout.customerId,
        status: "active",
        priceId: checkout.priceId,
        currentPeriodEnd: now + (yearly ? 365 : 30) * DAY_MS,
        cancelAtPeriodEnd: false,
        userId: checkout.userId,
        updatedAt: now,
      },
    },
    {
      kind: "checkout.completed",
      eventId: `evt_dev_${input.sessionId}_checkout`,
      occurredAt: now,
      customerId: checkout.customerId,
      subscriptionId,
      userId: checkout.userId,
    },
    {
      kind: "invoice.paid",
      eventId: `evt_dev_${input.sessionId}_invoice`,
      occurredAt: now,
      customerId: checkout.customerId,
      subscriptionId,
      amountPaid: amount,
      currency: "usd",
      invoiceNumber: null,
    },
  ];
  for (const event of events) {
    const { body, signature } = await payments.sign(event);
    await receiveBillingWebhook({ ctx, input: { rawBody: body, signature } });
  }
  return { redirectTo: checkout.successUrl };
}

/** The memory adapter, or a 404: the dev flow must not exist next to a real provider. */
export function offlinePayments(payments: Payments): OfflinePayments {
  if (!isOfflinePayments(payments)) {
    throw new NotFoundError("The offline billing pages exist only without a payment provider");
  }
  return payments;
}
