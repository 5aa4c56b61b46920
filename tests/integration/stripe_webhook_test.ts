import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { createStripePayments } from "../../src/adapters/payments/stripe_payments.ts";
import { createApp } from "../../src/app.ts";
import { billingCustomers, subscriptions } from "../../src/db/tables/billing.ts";
import { jsonRequest, signUpUser } from "../support/accounts.ts";
import { startStripeFake } from "../support/fakes/stripe_fake.ts";
import { createHarness, TEST_PRICES } from "../support/harness.ts";
import {
  stripeCheckoutSession,
  stripeEvent,
  stripeSubscription,
} from "../support/stripe_fixtures.ts";

const secretKey = "sk_test_51WebhookRouteKey0000";
const webhookSecret = "whsec_test_webhook_route_secret";

const nowSeconds = () => Math.floor(Date.now() / 1000);

Deno.test("POST /webhooks/stripe with the Stripe adapter and the loopback fake", async (t) => {
  const h = await createHarness();
  const fake = await startStripeFake({ secretKey });
  const payments = createStripePayments({ secretKey, webhookSecret, apiBase: fake.url });
  const app = createApp({ ...h.deps, payments });

  const post = async (event: Record<string, unknown>, timestamp = nowSeconds()) => {
    const payload = JSON.stringify(event, null, 2);
    const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: webhookSecret,
      timestamp,
    });
    const response = await app.request("/webhooks/stripe", {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "stripe-signature": signature,
      },
      body: payload,
    });
    return { status: response.status, text: await response.text() };
  };
  const rowOf = async (userId: string) =>
    (await h.deps.database.db.select().from(subscriptions).where(eq(subscriptions.userId, userId)))[
      0
    ];

  try {
    const user = await signUpUser(h);
    let customerId = "";
    const subscriptionId = "sub_1WebhookRoute";
    let checkoutEvent: Record<string, unknown> = {};

    await t.step("checkout creates the Stripe customer and session", async () => {
      const response = await app.request(
        "/v1/billing/checkout",
        jsonRequest("POST", { plan: "pro", interval: "month" }, user.token),
      );
      const text = await response.text();
      assert.equal(response.status, 200, text);
      assert.match(JSON.parse(text).url, /^https:\/\/checkout\.stripe\.com\//);
      const [row] = await h.deps.database.db.select().from(billingCustomers)
        .where(eq(billingCustomers.userId, user.id));
      customerId = row!.customerId;
      assert.ok(fake.customers.has(customerId), customerId);
    });

    await t.step(
      "checkout.session.completed refetches the subscription and activates pro",
      async () => {
        fake.setSubscription(
          stripeSubscription({
            id: subscriptionId,
            customer: customerId,
            status: "active",
            priceId: TEST_PRICES.pro.month,
            userId: user.id,
          }) as Record<string, unknown> & { id: string },
        );
        checkoutEvent = stripeEvent(
          "checkout.session.completed",
          stripeCheckoutSession({
            client_reference_id: user.id,
            customer: customerId,
            subscription: subscriptionId,
          }),
          { created: nowSeconds() },
        );
        const result = await post(checkoutEvent);
        assert.equal(result.status, 200, result.text);
        assert.deepEqual(JSON.parse(result.text), { received: true, duplicate: false });
        assert.ok(
          fake.requests.some((r) =>
            r.method === "GET" && r.path === `/v1/subscriptions/${subscriptionId}`
          ),
          "the subscription was fetched",
        );
        const row = await rowOf(user.id);
        assert.equal(row?.status, "active", JSON.stringify(row));
        assert.equal(row?.plan, "pro");
        assert.equal(row?.subscriptionId, subscriptionId);
      },
    );

    await t.step("the same event again is a duplicate", async () => {
      const result = await post(checkoutEvent);
      assert.equal(result.status, 200, result.text);
      assert.equal(JSON.parse(result.text).duplicate, true);
    });

    await t.step("a timestamp over 300 s old or ahead is a 400", async () => {
      const event = stripeEvent(
        "customer.subscription.deleted",
        stripeSubscription({ id: subscriptionId, customer: customerId, userId: user.id }),
        { created: nowSeconds() + 5 },
      );
      for (const timestamp of [nowSeconds() - 301, nowSeconds() + 301]) {
        const result = await post(event, timestamp);
        assert.equal(result.status, 400, `${timestamp}: ${result.text}`);
        assert.match(result.text, /timestamp/, result.text);
      }
      assert.equal((await rowOf(user.id))?.status, "active", "nothing applied");
    });

    await t.step("a body signed with another secret is a 400", async () => {
      const payload = JSON.stringify(checkoutEvent);
      const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
        payload,
        secret: "whsec_someone_else",
      });
      const response = await app.request("/webhooks/stripe", {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      });
      assert.equal(response.status, 400, await response.text());
    });

    await t.step("customer.subscription.deleted cancels the row", async () => {
      const event = stripeEvent(
        "customer.subscription.deleted",
        stripeSubscription({
          id: subscriptionId,
          customer: customerId,
          status: "canceled",
          userId: user.id,
          priceId: TEST_PRICES.pro.month,
        }),
        { created: nowSeconds() + 2 },
      );
      const result = await post(event);
      assert.equal(result.status, 200, result.text);
      assert.equal((await rowOf(user.id))?.status, "canceled");
    });

    await t.step("DELETE /v1/me cancels a live Stripe subscription first", async () => {
      const other = await signUpUser(h);
      const checkout = await app.request(
        "/v1/billing/checkout",
        jsonRequest("POST", { plan: "studio", interval: "year" }, other.token),
      );
      assert.equal(checkout.status, 200, await checkout.text());
      const [customer] = await h.deps.database.db.select().from(billingCustomers)
        .where(eq(billingCustomers.userId, other.id));
      const liveId = "sub_1WebhookRouteLive";
      fake.setSubscription(
        stripeSubscription({
          id: liveId,
          customer: customer!.customerId,
          status: "active",
          priceId: TEST_PRICES.studio.year,
          userId: other.id,
        }) as Record<string, unknown> & { id: string },
      );
      const created = stripeEvent(
        "customer.subscription.created",
        stripeSubscription({
          id: liveId,
          customer: customer!.customerId,
          priceId: TEST_PRICES.studio.year,
          userId: other.id,
        }),
        { created: nowSeconds() },
      );
      assert.equal((await post(created)).status, 200);
      const response = await app.request("/v1/me", jsonRequest("DELETE", undefined, other.token));
      assert.equal(response.status, 204, await response.text());
      assert.ok(
        fake.requests.some((r) =>
          r.method === "DELETE" && r.path === `/v1/subscriptions/${liveId}`
        ),
        "canceled at Stripe",
      );
    });
  } finally {
    await fake.close();
    await h.close();
  }
});
