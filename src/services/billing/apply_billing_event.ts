import { eq } from "drizzle-orm";
import { withTransaction } from "../shared/with_transaction.ts";
import type { Ctx } from "../../context.ts";
import { processedWebhookEvents, subscriptions } from "../../db/tables/billing.ts";
import type { BillingEvent, SubscriptionSnapshot } from "../../ports/payments.ts";
import { applyInvoiceEvent, recipientOf } from "./apply_invoice_event.ts";
import { applySubscriptionSnapshot } from "./apply_subscription_snapshot.ts";
import type { BillingOutcome } from "./billing_outcome.ts";
import { queueBillingEmails } from "./queue_billing_emails.ts";
import { invalidateEntitlements } from "./invalidate_entitlements.ts";

type Needs = Pick<Ctx, "db" | "payments" | "settings" | "clock" | "outbox" | "logger" | "cache">;

/**
 * Applies one billing event exactly once. The event id goes into `processed_webhook_events` in
 * the same transaction as its effect: of ten concurrent deliveries one inserts it, the others
 * wait on the key, then insert nothing and report a duplicate. A failed transaction records
 * nothing, so the provider's redelivery tries again. Provider calls (refetching a subscription)
 * happen before the transaction, not while holding a connection. Emails are outbox rows written in
 * the transaction (a duplicate delivery writes none); cache invalidation comes after the commit.
 */
export async function applyBillingEvent(
  { ctx, input: event }: { ctx: Needs; input: BillingEvent },
): Promise<{ duplicate: boolean }> {
  const db = ctx.db;
  const [seen] = await db.select({ id: processedWebhookEvents.eventId })
    .from(processedWebhookEvents).where(eq(processedWebhookEvents.eventId, event.eventId));
  if (seen) return { duplicate: true };
  const latest = await latestSnapshot(ctx, event);
  const outcome = await withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const type = event.kind === "ignored" ? event.type : event.kind;
    const inserted = await tx.insert(processedWebhookEvents).values({
      eventId: event.eventId,
      type,
    })
      .onConflictDoNothing().returning({ id: processedWebhookEvents.eventId });
    if (inserted.length === 0) return "duplicate" as const;
    const outcome = await applyEvent(txCtx, event, latest);
    if (outcome) {
      await queueBillingEmails({ ctx: txCtx, input: { eventId: event.eventId, outcome } });
    }
    return outcome;
  });
  if (outcome === "duplicate") return { duplicate: true };
  if (outcome) await afterCommit(ctx, outcome);
  return { duplicate: false };
}

/**
 * The subscription state an event leads to. A completed checkout carries none, so it is fetched.
 * A subscription event carries its own, stamped with the event's time; when that time equals the
 * stored one (Stripe stamps in whole seconds, and "created" and "updated" often share a second)
 * the order cannot be told, so the provider is asked for the current state instead.
 */
async function latestSnapshot(
  ctx: Needs,
  event: BillingEvent,
): Promise<SubscriptionSnapshot | undefined> {
  if (event.kind === "checkout.completed") {
    const fetched = await ctx.payments.getSubscription(event.subscriptionId);
    if (!fetched) {
      ctx.logger.warn("Checkout ignored: the provider does not know its subscription", {
        eventId: event.eventId,
        subscriptionId: event.subscriptionId,
      });
    }
    return fetched;
  }
  if (event.kind !== "subscription.changed") return undefined;
  const snapshot = event.subscription;
  const [stored] = await ctx.db.select({ at: subscriptions.providerUpdatedAt })
    .from(subscriptions).where(eq(subscriptions.subscriptionId, snapshot.id)).limit(1);
  if (stored?.at.getTime() !== snapshot.updatedAt) return snapshot;
  return await ctx.payments.getSubscription(snapshot.id) ?? snapshot;
}

async function afterCommit(ctx: Needs, outcome: BillingOutcome) {
  try {
    await invalidateEntitlements(ctx, outcome.userId);
  } catch (error) {
    ctx.logger.error("Entitlements not invalidated after a billing event", {
      userId: outcome.userId,
      error: String(error),
    });
  }
}

/** The event's effect inside the transaction, and what follows from it (emails, invalidation). */
async function applyEvent(
  txCtx: Needs,
  event: BillingEvent,
  latest: SubscriptionSnapshot | undefined,
): Promise<BillingOutcome | undefined> {
  if (event.kind === "invoice.paid" || event.kind === "invoice.payment_failed") {
    return await applyInvoiceEvent({ ctx: txCtx, input: event });
  }
  if (!latest) return undefined;
  const fallbackUserId = event.kind === "checkout.completed" ? event.userId : null;
  const applied = await applySubscriptionSnapshot({
    ctx: txCtx,
    input: { snapshot: latest, userId: fallbackUserId },
  });
  if (!applied) return undefined;
  const { userId, planBefore, planAfter } = applied;
  if (planBefore === planAfter) return { userId };
  return {
    userId,
    recipient: await recipientOf(txCtx.db, userId),
    planChanged: { from: planBefore, to: planAfter },
  };
}
