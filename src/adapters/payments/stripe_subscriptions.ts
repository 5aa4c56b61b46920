import type Stripe from "stripe";
import type { Payments, SubscriptionSnapshot } from "../../ports/payments.ts";
import { ConflictError, UpstreamError } from "../../ports/errors.ts";
import { JsonReader } from "./stripe_json_reader.ts";
import { isStripeRefusal, isStripeResourceMissing, stripeFailureReason } from "./stripe_failure.ts";
import { StripeShapeError, translateStripeSubscription } from "./stripe_translate.ts";

type SubscriptionOperations = Pick<
  Payments,
  "getSubscription" | "changeSubscription" | "cancelCustomerSubscriptions"
>;

/** Statuses Stripe neither updates nor cancels any more. */
const ENDED: ReadonlySet<string> = new Set(["canceled", "incomplete_expired"]);

/**
 * The subscription half of the Stripe payments adapter: read one, change its price in place (the
 * "update a subscription" API on its one item, with `proration_behavior`), and cancel every live
 * subscription of a customer. Failures become an `UpstreamError` naming the operation.
 */
export function createStripeSubscriptions(
  stripe: Stripe,
  options: { timeoutMs: number; now: () => number },
): SubscriptionOperations {
  const failure = (operation: string, error: unknown) =>
    new UpstreamError(`Cannot ${operation}: ${stripeFailureReason(error, options.timeoutMs)}`);

  /** The raw subscription, or undefined when Stripe does not know the id. */
  async function retrieve(subscriptionId: string, operation: string): Promise<unknown> {
    try {
      return await stripe.subscriptions.retrieve(subscriptionId);
    } catch (error) {
      if (isStripeResourceMissing(error)) return undefined;
      throw failure(operation, error);
    }
  }

  async function getSubscription(
    subscriptionId: string,
  ): Promise<SubscriptionSnapshot | undefined> {
    // The state returned is at least as new as the moment we asked.
    const askedAt = options.now();
    const found = await retrieve(subscriptionId, `fetch Stripe subscription "${subscriptionId}"`);
    return found === undefined ? undefined : translated(found, askedAt);
  }

  async function cancel(subscriptionId: string): Promise<void> {
    const operation = `cancel Stripe subscription "${subscriptionId}"`;
    try {
      await stripe.subscriptions.cancel(subscriptionId);
      return;
    } catch (error) {
      if (isStripeResourceMissing(error)) return;
      if (!isStripeRefusal(error)) throw failure(operation, error);
    }
    // Canceling twice is refused with a 400: done is done, if Stripe says it is canceled.
    const current = await getSubscription(subscriptionId);
    if (current && current.status !== "canceled") {
      throw new UpstreamError(`Cannot ${operation}: Stripe refused it (status 400)`);
    }
  }

  return {
    getSubscription,
    async changeSubscription({ subscriptionId, priceId, prorate }) {
      const operation = `change Stripe subscription "${subscriptionId}" to price "${priceId}"`;
      const askedAt = options.now();
      const found = await retrieve(subscriptionId, operation);
      if (found === undefined) return undefined;
      const current = translated(found, askedAt);
      if (ENDED.has(current.status)) return undefined;
      if (current.priceId === priceId) return { changed: false, subscription: current };
      // The item's id, not a new item: an item without an id is added next to the old price.
      const itemId = onlyItemId(found, subscriptionId);
      let updated: unknown;
      try {
        updated = await stripe.subscriptions.update(subscriptionId, {
          items: [{ id: itemId, price: priceId }],
          proration_behavior: prorate ? "create_prorations" : "none",
        });
      } catch (error) {
        throw failure(operation, error);
      }
      return { changed: true, subscription: translated(updated, askedAt) };
    },
    async cancelCustomerSubscriptions(customerId) {
      const live: string[] = [];
      try {
        // Without a status filter Stripe lists every subscription that is not canceled.
        const pages = stripe.subscriptions.list({ customer: customerId, limit: 100 });
        for await (const subscription of pages) {
          if (!ENDED.has(subscription.status)) live.push(subscription.id);
        }
      } catch (error) {
        if (isStripeResourceMissing(error)) return [];
        throw failure(`list the Stripe subscriptions of customer "${customerId}"`, error);
      }
      for (const subscriptionId of live) await cancel(subscriptionId);
      return live;
    },
  };
}

function translated(subscription: unknown, at: number): SubscriptionSnapshot {
  try {
    return translateStripeSubscription(subscription, at);
  } catch (error) {
    if (error instanceof StripeShapeError) throw new UpstreamError(error.message);
    throw error;
  }
}

/** We sell one price per subscription; one changed elsewhere to hold more is not ours to edit. */
function onlyItemId(subscription: unknown, subscriptionId: string): string {
  try {
    const items = new JsonReader(subscription, `subscription "${subscriptionId}"`)
      .child("items").array("data");
    if (items.length !== 1) {
      throw new ConflictError(
        `Cannot change subscription "${subscriptionId}": it has ${items.length} items, ` +
          "expected one; change it in the billing portal",
      );
    }
    return items[0]!.string("id");
  } catch (error) {
    if (error instanceof StripeShapeError) throw new UpstreamError(error.message);
    throw error;
  }
}
