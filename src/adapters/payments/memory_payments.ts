import type { Clock } from "../../ports/clock.ts";
import type {
  BillingEvent,
  CheckoutRequest,
  OfflinePayments,
  SubscriptionSnapshot,
} from "../../ports/payments.ts";
import { WebhookSignatureError } from "../../ports/errors.ts";

export interface MemoryPayments extends OfflinePayments {
  readonly customers: ReadonlyArray<{ customerId: string; userId: string; email: string }>;
  /** Subscription ids `cancelSubscription` was called with, oldest first. */
  readonly canceled: ReadonlyArray<string>;
}

/**
 * Offline payments for the embedded default: checkout and portal return local URLs, and webhooks
 * are our own `BillingEvent`s signed with a per-process HMAC key, so an offline upgrade goes
 * through the same webhook code path a real provider's event takes. `getSubscription` answers
 * from the subscription events this adapter has parsed, keeping the newest state per subscription
 * the way a provider would, whatever order the events came in.
 */
export function createMemoryPayments(
  options: { publicUrl: string; clock?: Clock },
): MemoryPayments {
  const checkouts: Array<CheckoutRequest & { sessionId: string }> = [];
  const customers: Array<{ customerId: string; userId: string; email: string }> = [];
  const subscriptions = new Map<string, SubscriptionSnapshot>();
  const canceled: string[] = [];
  const now = () => options.clock?.now() ?? Date.now();
  const keyPromise = crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
  return {
    name: "memory",
    checkouts,
    customers,
    canceled,
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
    async sign(event) {
      const body = JSON.stringify(event);
      const mac = await crypto.subtle.sign(
        "HMAC",
        await keyPromise,
        new TextEncoder().encode(body),
      );
      return { body, signature: toHex(new Uint8Array(mac)) };
    },
    async parseWebhook(rawBody, signatureHeader) {
      const mac = fromHex(signatureHeader);
      const ok = mac !== undefined && await crypto.subtle.verify(
        "HMAC",
        await keyPromise,
        mac,
        new TextEncoder().encode(rawBody),
      );
      if (!ok) throw new WebhookSignatureError("Webhook signature does not verify");
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
      return Promise.resolve(known && { ...known, updatedAt: now() });
    },
    cancelSubscription(subscriptionId) {
      const known = subscriptions.get(subscriptionId);
      if (known) {
        subscriptions.set(subscriptionId, { ...known, status: "canceled", updatedAt: now() });
      }
      canceled.push(subscriptionId);
      return Promise.resolve();
    },
  };
}

function randomId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^([0-9a-f]{2})+$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
