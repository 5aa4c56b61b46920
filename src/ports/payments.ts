/** A subscription's state as the payment provider holds it, in our own vocabulary. */
export interface SubscriptionSnapshot {
  id: string;
  customerId: string;
  status: SubscriptionStatus;
  /** The price of the first item (we sell one price per subscription). */
  priceId: string | null;
  /** End of the paid period, epoch ms. */
  currentPeriodEnd: number | null;
  cancelAtPeriodEnd: boolean;
  /** Our user id, from the subscription's `metadata.userId` (set at checkout). */
  userId: string | null;
  /**
   * When this state was true, epoch ms: the provider's event time for an event, or the time of the
   * fetch for `getSubscription`. Lets out-of-order events be told apart from newer ones.
   */
  updatedAt: number;
}

export type SubscriptionStatus =
  | "trialing"
  | "active"
  | "past_due"
  | "canceled"
  | "unpaid"
  | "incomplete"
  | "incomplete_expired"
  | "paused";

/**
 * Billing events in our own vocabulary. Adapters translate provider events (Stripe) into these so
 * services never see a vendor type. `occurredAt` is the provider's event time, epoch ms.
 */
export type BillingEvent =
  | {
    kind: "checkout.completed";
    eventId: string;
    occurredAt: number;
    customerId: string;
    subscriptionId: string;
    /** From the checkout's client reference: the user who started it. */
    userId: string;
  }
  | {
    /** Created, updated or deleted; a deleted subscription arrives with status "canceled". */
    kind: "subscription.changed";
    eventId: string;
    occurredAt: number;
    subscription: SubscriptionSnapshot;
  }
  | {
    kind: "invoice.paid" | "invoice.payment_failed";
    eventId: string;
    occurredAt: number;
    customerId: string;
    subscriptionId: string | null;
    /** What was paid, in the currency's minor unit (cents); for the receipt email. */
    amountPaid?: number | null;
    /** ISO 4217, lower case as providers send it ("usd"). */
    currency?: string | null;
    /** The provider's human-facing invoice number. */
    invoiceNumber?: string | null;
  }
  | { kind: "ignored"; eventId: string; type: string };

export interface CheckoutRequest {
  userId: string;
  /** From `createCustomer`, stored on the user so each user has one customer. */
  customerId: string;
  priceId: string;
  successUrl: string;
  cancelUrl: string;
  /** One per user and price, so a double submit returns the same checkout session. */
  idempotencyKey: string;
}

/**
 * Talks to the payment provider. Contract: methods throw an `UpstreamError` when the provider fails
 * or does not answer in time (never with a secret or a request body in the message).
 * `parseWebhook` throws a `WebhookSignatureError` for any body it cannot authenticate: a bad or
 * missing signature, a timestamp more than 300 s old or more than 300 s in the future; and a
 * `BadRequestError` for an authentic event it cannot read.
 */
export interface Payments {
  readonly name: string;
  /**
   * One round trip to the provider for `GET /health/detailed`; throws when it cannot be reached
   * in time. Absent for the offline provider.
   */
  ping?(): Promise<void>;
  /** Creates the provider's customer for a user; call once per user and store the id. */
  createCustomer(request: { userId: string; email: string }): Promise<{ customerId: string }>;
  /** A hosted checkout page for a subscription to `priceId`. */
  createCheckout(request: CheckoutRequest): Promise<{ url: string }>;
  /** A hosted page where the customer manages or cancels the subscription. */
  createPortal(request: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /** Verifies the signature on the raw body, then translates the event. */
  parseWebhook(rawBody: string, signatureHeader: string): Promise<BillingEvent>;
  /**
   * The subscription's latest state straight from the provider (for events that arrive out of
   * order); undefined when the provider does not know the id.
   */
  getSubscription(subscriptionId: string): Promise<SubscriptionSnapshot | undefined>;
  /**
   * Moves the subscription's one item to `priceId` in place: the same subscription, billing date
   * and payment method, never a second subscription. With `prorate`, the unused time of the old
   * price is credited and the new price charged pro rata on the next invoice (Stripe invoices at
   * once, and starts a new period, when the billing interval changes). `changed` is
   * false when the item already had that price, and then nothing was sent. Undefined when the
   * provider does not know the subscription or it has ended: there is nothing to change.
   * The new state reaches us as a `subscription.changed` webhook, like any other change.
   */
  changeSubscription(change: SubscriptionChange): Promise<SubscriptionChangeResult | undefined>;
  /**
   * Cancels now (not at period end) every subscription of the customer that has not ended, for
   * a deleted account, and returns their ids. Idempotent: a customer the provider does not know,
   * or one with nothing live, resolves with none.
   */
  cancelCustomerSubscriptions(customerId: string): Promise<string[]>;
}

export interface SubscriptionChange {
  subscriptionId: string;
  priceId: string;
  prorate: boolean;
}

export interface SubscriptionChangeResult {
  changed: boolean;
  /** The provider's state after the change (or as it was, when nothing changed). */
  subscription: SubscriptionSnapshot;
}

/** A billing event as the provider would post it to the webhook endpoint. */
export interface SignedBillingEvent {
  body: string;
  signature: string;
}

/**
 * What the offline (memory) adapter adds so the dev checkout flow can stand in for the provider:
 * the checkouts it recorded, signing events the way its `parseWebhook` verifies them, and the
 * endpoint its own events (a plan change, a cancellation) are posted to, as a provider posts to
 * the webhook URL. Events emitted before an endpoint is attached wait for it.
 */
export interface OfflinePayments extends Payments {
  readonly checkouts: ReadonlyArray<CheckoutRequest & { sessionId: string }>;
  sign(event: BillingEvent): Promise<SignedBillingEvent>;
  attachWebhookEndpoint(deliver: (event: SignedBillingEvent) => void): void;
}

/** Whether `payments` is the offline adapter (the dev pages and its webhooks exist only then). */
export function isOfflinePayments(payments: Payments): payments is OfflinePayments {
  return payments.name === "memory" && "sign" in payments && "checkouts" in payments &&
    "attachWebhookEndpoint" in payments;
}
