import type { Clock } from "../../ports/clock.ts";
import type {
  BillingEvent,
  CheckoutRequest,
  OfflinePayments,
  SubscriptionChange,
  SubscriptionSnapshot,
} from "../../ports/payments.ts";
import { WebhookSignatureError } from "../../ports/errors.ts";
import { createMemoryWebhooks } from "./memory_webhooks.ts";

export interface MemoryPayments extends OfflinePayments {
  readonly customers: ReadonlyArray<{ customerId: string; userId: string; email: string }>;
  /** Subscription ids canceled (by `cancelCustomerSubscriptions`), oldest first. */
  readonly canceled: ReadonlyArray<string>;
  /** Plan changes that changed a subscription, oldest first. */
  readonly changes: ReadonlyArray<SubscriptionChange>;
}

/** Statuses after which a subscription can be neither changed nor canceled. */
const ENDED: ReadonlySet<string> = new Set(["canceled", "incomplete_expired"]);

/**
 * Offline payments for the embedded default: checkout and portal return local URLs, and webhooks
 * are our own `BillingEvent`s signed with a per-process HMAC key, so an offline upgrade goes
 * through the same webhook code path a real provider's event takes. The adapter keeps the newest
 * state of every subscription it has seen in a parsed event, whatever order the events came in,
 * and changes and cancels those the way a provider would: its own state first, then a signed
 * `subscription.changed` event to the attached webhook endpoint. It keeps no money: a plan change
 * moves the price and keeps the period, with no proration amounts.
 */
export function createMemoryPayments(
  options: { publicUrl: string; clock?: Clock },
): MemoryPayments {
  const checkouts: Array<CheckoutRequest & { sessionId: string }> = [];
  const customers: Array<{ customerId: string; userId: string; email: string }> = [];
  const subscriptions = new Map<string, SubscriptionSnapshot>();
  const canceled: string[] = [];
  const changes: SubscriptionChange[] = [];
  const webhooks = createMemoryWebhooks();
  const now = () => options.clock?.now() ?? Date.now();
  // A frozen test clock must still order our own changes after the state they replace.
  const after = (known: SubscriptionSnapshot) => Math.max(now(), known.updatedAt + 1);

  async function replace(next: SubscriptionSnapshot): Promise<void> {
    subscriptions.set(next.id, next);
    const event: BillingEvent = {
      kind: "subscription.changed",
      eventId: `evt_dev_${randomId()}`,
      occurredAt: next.updatedAt,
      subscription: next,
    };
    await webhooks.emit(event);
  }

  return {
    name: "memory",
    checkouts,
    customers,
    canceled,
    changes,
    createCustomer(request) {
      // Like Stripe with the adapter's per-user idempotency key: a retry gets the same customer.
      const known = customers.find((c) => c.userId === request.userId);
      if (known) return Promise.resolve({ customerId: known.customerId });
      const customerId = `cus_dev_${randomId()}`;
      customers.push({ customerId, ...request });
      return Promise.resolve({ customerId });
    },
    createCheckout(request) {
      const sessionId = `cs_dev_${randomId()}`;
      checkouts.push({ ...request, sessionId });
      return Promise.resolve({ url: `${options.publicUrl}/dev/checkout/${sessionId}` });
    },
    createPortal(request) {
      return Promise.resolve({
        url: `${options.publicUrl}/dev/portal/${encodeURIComponent(request.customerId)}`,
      });
    },
    sign: webhooks.sign,
    attachWebhookEndpoint: webhooks.attach,
    async parseWebhook(rawBody, signatureHeader) {
      if (!await webhooks.verify(rawBody, signatureHeader)) {
        throw new WebhookSignatureError("Webhook signature does not verify");
      }
      const event = JSON.parse(rawBody) as BillingEvent;
      if (event.kind === "subscription.changed") {
        const known = subscriptions.get(event.subscription.id);
        if (!known || known.updatedAt <= event.subscription.updatedAt) {
          subscriptions.set(event.subscription.id, event.subscription);
        }
      }
      return event;
    },
    getSubscription(subscriptionId) {
      const known = subscriptions.get(subscriptionId);
      return Promise.resolve(known && { ...known, updatedAt: Math.max(now(), known.updatedAt) });
    },
    async changeSubscription(change) {
      const known = subscriptions.get(change.subscriptionId);
      if (!known || ENDED.has(known.status)) return undefined;
      if (known.priceId === change.priceId) {
        return {
          changed: false,
          subscription: { ...known, updatedAt: Math.max(now(), known.updatedAt) },
        };
      }
      const next = { ...known, priceId: change.priceId, updatedAt: after(known) };
      changes.push({ ...change });
      await replace(next);
      return { changed: true, subscription: next };
    },
    async cancelCustomerSubscriptions(customerId) {
      const live = [...subscriptions.values()].filter((subscription) =>
        subscription.customerId === customerId && !ENDED.has(subscription.status)
      );
      for (const subscription of live) {
        canceled.push(subscription.id);
        await replace({ ...subscription, status: "canceled", updatedAt: after(subscription) });
      }
      return live.map((subscription) => subscription.id);
    },
  };
}

function randomId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}
