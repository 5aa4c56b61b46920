/**
 * Billing events in our own vocabulary. Adapters translate provider events (Stripe) into these so
 * services never see a vendor type.
 */
export type BillingEvent =
  | {
    kind: "subscription.changed";
    eventId: string;
    occurredAt: number;
    customerId: string;
    subscriptionId: string;
    priceId: string | null;
    status: "trialing" | "active" | "past_due" | "canceled" | "unpaid" | "incomplete";
    currentPeriodEnd: number | null;
    userId: string | null;
  }
  | { kind: "invoice.paid"; eventId: string; occurredAt: number; customerId: string }
  | { kind: "invoice.payment_failed"; eventId: string; occurredAt: number; customerId: string }
  | { kind: "ignored"; eventId: string; type: string };

export interface CheckoutRequest {
  userId: string;
  email: string;
  /** Reuse of an existing customer keeps one customer per user. */
  customerId: string | null;
  priceId: string;
  successUrl: string;
  cancelUrl: string;
  idempotencyKey: string;
}

/**
 * Talks to the payment provider. Contract: methods throw an `UpstreamError` when the provider fails;
 * `parseWebhook` throws a `WebhookSignatureError` for any body it cannot authenticate.
 */
export interface Payments {
  readonly name: string;
  createCheckout(request: CheckoutRequest): Promise<{ url: string; customerId: string }>;
  createPortal(request: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  parseWebhook(rawBody: string, signatureHeader: string): Promise<BillingEvent>;
}
