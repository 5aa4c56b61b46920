import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { subscriptions } from "../../src/db/tables/billing.ts";
import type { BillingEvent, SubscriptionSnapshot } from "../../src/ports/payments.ts";
import { jsonRequest } from "./accounts.ts";
import { type Harness, TEST_PRICES } from "./harness.ts";

/** Posts a body to `/webhooks/stripe` the way Stripe does (JSON with a charset). */
export function postWebhook(h: Harness, body: string, signature?: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (signature !== undefined) headers["stripe-signature"] = signature;
  return Promise.resolve(h.app.request("/webhooks/stripe", { method: "POST", headers, body }));
}

/** Signs `event` with the memory adapter's key and delivers it; returns status and body. */
export async function deliver(
  h: Harness,
  event: BillingEvent,
): Promise<{ status: number; body: { received?: boolean; duplicate?: boolean } }> {
  const { body, signature } = await h.payments.sign(event);
  const response = await postWebhook(h, body, signature);
  return { status: response.status, body: await response.json() };
}

/** A `subscription.changed` event with a fresh id; override any snapshot field. */
export function subscriptionEvent(
  at: number,
  snapshot: Partial<SubscriptionSnapshot> & { userId: string },
): BillingEvent {
  return {
    kind: "subscription.changed",
    eventId: `evt_test_${crypto.randomUUID()}`,
    occurredAt: at,
    subscription: {
      id: `sub_test_${snapshot.userId}`,
      customerId: `cus_test_${snapshot.userId}`,
      status: "active",
      priceId: TEST_PRICES.pro.month,
      currentPeriodEnd: at + 30 * 86_400_000,
      cancelAtPeriodEnd: false,
      updatedAt: at,
      ...snapshot,
    },
  };
}

/** The user's `subscriptions` row, if any. */
export async function subscriptionOf(h: Harness, userId: string) {
  const [row] = await h.deps.database.db.select().from(subscriptions)
    .where(eq(subscriptions.userId, userId));
  return row;
}

/** Starts a checkout through the API and returns the local URL's path. */
export async function startCheckout(
  h: Harness,
  token: string,
  plan: "pro" | "studio" = "pro",
  interval: "month" | "year" = "month",
): Promise<string> {
  const response = await h.app.request(
    "/v1/billing/checkout",
    jsonRequest("POST", { plan, interval }, token),
  );
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return new URL((JSON.parse(text) as { url: string }).url).pathname;
}
