import type {
  BillingEvent,
  SubscriptionSnapshot,
  SubscriptionStatus,
} from "../../ports/payments.ts";
import { JsonReader, StripeShapeError } from "./stripe_json_reader.ts";

export { StripeShapeError };

/**
 * Turns Stripe events and objects into our own `BillingEvent` / `SubscriptionSnapshot`. Reads the
 * parsed JSON defensively rather than trusting the SDK's types: a webhook payload is rendered in
 * the API version of the endpoint that sends it, which need not be the version the client pins,
 * so both shapes are accepted where Stripe moved a field (2025-03-31.basil moved
 * `current_period_end` onto subscription items and an invoice's `subscription` under
 * `parent.subscription_details`).
 */

const STATUSES: ReadonlySet<string> = new Set<SubscriptionStatus>([
  "trialing",
  "active",
  "past_due",
  "canceled",
  "unpaid",
  "incomplete",
  "incomplete_expired",
  "paused",
]);

/** Translates a verified, parsed Stripe event; types we do not handle become "ignored". */
export function translateStripeEvent(event: unknown): BillingEvent {
  const root = new JsonReader(event, "event");
  const eventId = root.string("id");
  const r = root.renamed(`event "${eventId}"`);
  const type = r.string("type");
  const occurredAt = r.number("created") * 1000;
  const object = r.child("data").child("object");
  switch (type) {
    case "checkout.session.completed": {
      const userId = object.optionalString("client_reference_id");
      // Sessions we did not start (payment links, one-off payments) carry no user or subscription.
      if (object.optionalString("mode") !== "subscription" || userId === null) {
        return { kind: "ignored", eventId, type };
      }
      return {
        kind: "checkout.completed",
        eventId,
        occurredAt,
        customerId: object.id("customer"),
        subscriptionId: object.id("subscription"),
        userId,
      };
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted": {
      const subscription = readSubscription(object, occurredAt);
      if (type === "customer.subscription.deleted") subscription.status = "canceled";
      return { kind: "subscription.changed", eventId, occurredAt, subscription };
    }
    case "invoice.paid":
    case "invoice.payment_failed": {
      const viaParent = object.optionalChild("parent")?.optionalChild("subscription_details");
      const subscriptionId = viaParent?.optionalId("subscription") ??
        object.optionalId("subscription");
      const kind = type;
      return {
        kind,
        eventId,
        occurredAt,
        customerId: object.id("customer"),
        subscriptionId,
        amountPaid: object.optionalNumber("amount_paid"),
        currency: object.optionalString("currency"),
        invoiceNumber: object.optionalString("number"),
      };
    }
    default:
      return { kind: "ignored", eventId, type };
  }
}

/** Translates a subscription object as `subscriptions.retrieve` returns it, seen at `updatedAt`. */
export function translateStripeSubscription(
  subscription: unknown,
  updatedAt: number,
): SubscriptionSnapshot {
  return readSubscription(new JsonReader(subscription, "subscription"), updatedAt);
}

function readSubscription(r: JsonReader, updatedAt: number): SubscriptionSnapshot {
  const id = r.string("id");
  const s = r.renamed(`subscription "${id}"`);
  const status = s.string("status");
  if (!STATUSES.has(status)) s.fail("status", "a known status");
  const items = s.child("items").array("data");
  const itemPeriodEnds = items.map((item) => item.optionalNumber("current_period_end"))
    .filter((end): end is number => end !== null);
  const periodEnd = itemPeriodEnds.length > 0
    ? Math.max(...itemPeriodEnds)
    : s.optionalNumber("current_period_end");
  return {
    id,
    customerId: s.id("customer"),
    status: status as SubscriptionStatus,
    priceId: items[0]?.optionalId("price") ?? null,
    currentPeriodEnd: periodEnd === null ? null : periodEnd * 1000,
    // Portal cancellations on flexible billing set `cancel_at` instead of the flag.
    cancelAtPeriodEnd: s.optionalBoolean("cancel_at_period_end") === true ||
      s.optionalNumber("cancel_at") !== null,
    userId: s.optionalChild("metadata")?.optionalString("userId") ?? null,
    updatedAt,
  };
}
