/**
 * Stripe objects and events written by hand from the API reference (2025-03-31.basil and later
 * shapes unless a builder says otherwise), trimmed to realistic fields. Times are Unix seconds,
 * as Stripe sends them.
 */

type Json = Record<string, unknown>;

/** 2026-01-01T00:00:00Z in seconds. */
export const T0 = 1_767_225_600;

export interface SubscriptionFixture {
  id?: string;
  customer?: string;
  status?: string;
  priceId?: string;
  /** Item-level period end (basil+). */
  periodEnd?: number;
  userId?: string | null;
  cancelAtPeriodEnd?: boolean;
  cancelAt?: number | null;
}

/** A subscription object as `GET /v1/subscriptions/:id` or an event's `data.object` carries it. */
export function stripeSubscription(input: SubscriptionFixture = {}, extra: Json = {}): Json {
  const id = input.id ?? "sub_1QpRoFixture";
  const start = T0 - 86_400;
  return {
    id,
    object: "subscription",
    application: null,
    billing_cycle_anchor: start,
    cancel_at: input.cancelAt ?? null,
    cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
    canceled_at: null,
    collection_method: "charge_automatically",
    created: start,
    currency: "usd",
    customer: input.customer ?? "cus_RfixtureA",
    default_payment_method: "pm_1QpRoCard",
    ended_at: null,
    items: {
      object: "list",
      data: [{
        id: "si_RfixtureA",
        object: "subscription_item",
        created: start,
        current_period_start: start,
        current_period_end: input.periodEnd ?? T0 + 29 * 86_400,
        metadata: {},
        price: {
          id: input.priceId ?? "price_pro_month",
          object: "price",
          active: true,
          currency: "usd",
          product: "prod_Rpro",
          recurring: { interval: "month", interval_count: 1, usage_type: "licensed" },
          type: "recurring",
          unit_amount: 1500,
        },
        quantity: 1,
        subscription: id,
      }],
      has_more: false,
      total_count: 1,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: "in_1QpRoFixture",
    livemode: false,
    metadata: input.userId === null ? {} : { userId: input.userId ?? "u_fixture" },
    start_date: start,
    status: input.status ?? "active",
    trial_end: null,
    trial_start: null,
    ...extra,
  };
}

/** A completed Checkout Session in subscription mode. */
export function stripeCheckoutSession(extra: Json = {}): Json {
  return {
    id: "cs_test_a1Fixture",
    object: "checkout.session",
    amount_total: 1500,
    cancel_url: "https://app.pitchey.test/billing",
    client_reference_id: "u_fixture",
    created: T0,
    currency: "usd",
    customer: "cus_RfixtureA",
    livemode: false,
    metadata: {},
    mode: "subscription",
    payment_status: "paid",
    status: "complete",
    subscription: "sub_1QpRoFixture",
    success_url: "https://app.pitchey.test/billing?done=1",
    url: null,
    ...extra,
  };
}

/** An invoice; basil+ names its subscription under `parent.subscription_details`. */
export function stripeInvoice(
  input: { subscription?: string | null; status?: string; legacyShape?: boolean } = {},
  extra: Json = {},
): Json {
  const subscription = input.subscription === undefined ? "sub_1QpRoFixture" : input.subscription;
  const parent = subscription === null ? null : {
    type: "subscription_details",
    quote_details: null,
    subscription_details: { metadata: { userId: "u_fixture" }, subscription },
  };
  return {
    id: "in_1QpRoFixture",
    object: "invoice",
    amount_due: 1500,
    amount_paid: input.status === "open" ? 0 : 1500,
    attempt_count: 1,
    billing_reason: "subscription_cycle",
    created: T0,
    currency: "usd",
    customer: "cus_RfixtureA",
    livemode: false,
    ...(input.legacyShape ? { subscription } : { parent }),
    period_end: T0,
    period_start: T0 - 30 * 86_400,
    status: input.status ?? "paid",
    total: 1500,
    ...extra,
  };
}

/** A snapshot event around `object`, as a webhook endpoint receives it. */
export function stripeEvent(type: string, object: Json, extra: Json = {}): Json {
  return {
    id: `evt_1Qp${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`,
    object: "event",
    api_version: "2026-10-28.endive",
    created: T0,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: "req_fixture", idempotency_key: null },
    type,
    ...extra,
  };
}
