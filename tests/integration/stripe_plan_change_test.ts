import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { createStripePayments } from "../../src/adapters/payments/stripe_payments.ts";
import { createApp } from "../../src/app.ts";
import { billingCustomers } from "../../src/db/tables/billing.ts";
import { bearer, jsonRequest, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { subscriptionOf } from "../support/billing.ts";
import { startStripeFake } from "../support/fakes/stripe_fake.ts";
import { createHarness, TEST_PRICES } from "../support/harness.ts";
import {
  stripeCheckoutSession,
  stripeEvent,
  stripeSubscription,
} from "../support/stripe_fixtures.ts";

const secretKey = "sk_test_51PlanChangeRoute0000";
const webhookSecret = "whsec_test_plan_change_route";

const nowSeconds = () => Math.floor(Date.now() / 1000);

Deno.test("changing plan with the Stripe adapter and the loopback fake", async (t) => {
  const h = await createHarness();
  const fake = await startStripeFake({ secretKey });
  const payments = createStripePayments({ secretKey, webhookSecret, apiBase: fake.url });
  const app = createApp({ ...h.deps, payments });

  const postEvent = async (type: string, object: Record<string, unknown>, at: number) => {
    const payload = JSON.stringify(stripeEvent(type, object, { created: at }));
    const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: webhookSecret,
    });
    const response = await app.request("/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
    });
    await expectJson(response, 200);
  };
  const post = (path: string, body: unknown, token: string) =>
    app.request(path, jsonRequest("POST", body, token));
  const planInForce = async (token: string) =>
    (await expectJson<{ plan: string }>(
      await app.request("/v1/me/entitlements", bearer(token)),
      200,
    )).plan;

  try {
    const user = await signUpUser(h);
    const subscriptionId = "sub_1PlanChange";
    let customerId = "";

    await t.step("a Stripe checkout puts the user on pro", async () => {
      const checkout = { plan: "pro", interval: "month" };
      await expectJson(await post("/v1/billing/checkout", checkout, user.token), 200);
      const [row] = await h.deps.database.db.select().from(billingCustomers)
        .where(eq(billingCustomers.userId, user.id));
      customerId = row!.customerId;
      fake.setSubscription(
        stripeSubscription({
          id: subscriptionId,
          customer: customerId,
          priceId: TEST_PRICES.pro.month,
          userId: user.id,
        }) as Record<string, unknown> & { id: string },
      );
      await postEvent(
        "checkout.session.completed",
        stripeCheckoutSession({
          client_reference_id: user.id,
          customer: customerId,
          subscription: subscriptionId,
        }),
        nowSeconds(),
      );
      assert.equal(await planInForce(user.token), "pro");
    });

    await t.step("a second checkout is a 409 naming change-plan; Stripe sees nothing", async () => {
      const seen = fake.requests.length;
      const response = await post(
        "/v1/billing/checkout",
        { plan: "studio", interval: "month" },
        user.token,
      );
      const problem = await assertProblem(response, 409, "conflict");
      assert.equal(problem.changePlan, "/v1/billing/change-plan", JSON.stringify(problem));
      assert.deepEqual(fake.requests.slice(seen), [], "no call to Stripe");
      assert.equal(fake.checkoutSessions.size, 1, "still one checkout session");
    });

    await t.step(
      "change-plan updates the subscription at Stripe with proration and answers 202",
      async () => {
        const seen = fake.requests.length;
        const response = await post(
          "/v1/billing/change-plan",
          { plan: "studio", interval: "month" },
          user.token,
        );
        const body = await expectJson(response, 202);
        assert.deepEqual(body, { status: "pending", plan: "studio", interval: "month" });

        const update = fake.requests.slice(seen).find((r) => r.method === "POST");
        assert.equal(update?.path, `/v1/subscriptions/${subscriptionId}`);
        assert.deepEqual(update?.form, {
          items: [{ id: "si_RfixtureA", price: TEST_PRICES.studio.month }],
          proration_behavior: "create_prorations",
        });
        assert.deepEqual(fake.prorations, [{
          subscription: subscriptionId,
          fromPrice: TEST_PRICES.pro.month,
          toPrice: TEST_PRICES.studio.month,
          behavior: "create_prorations",
        }]);
        const items = fake.subscriptions.get(subscriptionId)?.items as { data: unknown[] };
        assert.equal(items.data.length, 1, "the price was replaced, not added");
        assert.equal(fake.checkoutSessions.size, 1, "no second checkout");
        assert.equal(fake.subscriptions.size, 1, "no second subscription");
        // Nothing applied before Stripe's webhook says so.
        assert.equal((await subscriptionOf(h, user.id))?.plan, "pro");
        assert.equal(await planInForce(user.token), "pro");
      },
    );

    await t.step("the customer.subscription.updated webhook puts studio in force", async () => {
      const updated = fake.subscriptions.get(subscriptionId)!;
      await postEvent("customer.subscription.updated", updated, nowSeconds() + 2);
      const row = await subscriptionOf(h, user.id);
      assert.equal(row?.plan, "studio", JSON.stringify(row));
      assert.equal(row?.subscriptionId, subscriptionId);
      assert.equal(row?.priceId, TEST_PRICES.studio.month);
      assert.equal(await planInForce(user.token), "studio");
    });

    await t.step("change-plan to the plan in force is 200 with no update sent", async () => {
      const seen = fake.requests.length;
      const response = await post(
        "/v1/billing/change-plan",
        { plan: "studio", interval: "month" },
        user.token,
      );
      const body = await expectJson(response, 200);
      assert.deepEqual(body, { status: "unchanged", plan: "studio", interval: "month" });
      const calls = fake.requests.slice(seen).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(calls, [`GET /v1/subscriptions/${subscriptionId}`]);
    });

    await t.step("change-plan with Stripe down is a 503 with Retry-After", async () => {
      fake.mode = "down";
      try {
        const response = await post(
          "/v1/billing/change-plan",
          { plan: "pro", interval: "year" },
          user.token,
        );
        assert.equal(response.headers.get("retry-after"), "5");
        await assertProblem(response, 503, "upstream");
      } finally {
        fake.mode = "normal";
      }
      assert.deepEqual(fake.prorations.length, 1, "nothing more was prorated");
    });

    // What two completed checkouts used to leave: a second subscription of the same customer.
    const orphan = "sub_1PlanChangeOrphan";
    fake.setSubscription(
      stripeSubscription({
        id: orphan,
        customer: customerId,
        priceId: TEST_PRICES.pro.year,
        userId: user.id,
      }) as Record<string, unknown> & { id: string },
    );

    await t.step("DELETE /v1/me with Stripe down is a 503 and deletes nothing", async () => {
      fake.mode = "down";
      try {
        const response = await app.request("/v1/me", jsonRequest("DELETE", undefined, user.token));
        await assertProblem(response, 503, "upstream");
      } finally {
        fake.mode = "normal";
      }
      await expectJson(await app.request("/v1/me", bearer(user.token)), 200);
      assert.equal(fake.subscriptions.get(subscriptionId)?.status, "active");
      assert.equal(fake.subscriptions.get(orphan)?.status, "active");
    });

    await t.step("DELETE /v1/me cancels every subscription of the customer at Stripe", async () => {
      const seen = fake.requests.length;
      const response = await app.request("/v1/me", jsonRequest("DELETE", undefined, user.token));
      assert.equal(response.status, 204, await response.text());
      const calls = fake.requests.slice(seen);
      const list = calls.find((r) => r.method === "GET" && r.path === "/v1/subscriptions");
      assert.equal(list?.form.customer, customerId, JSON.stringify(calls.map((r) => r.path)));
      const deleted = calls.filter((r) => r.method === "DELETE").map((r) => r.path).sort();
      assert.deepEqual(deleted, [
        `/v1/subscriptions/${subscriptionId}`,
        `/v1/subscriptions/${orphan}`,
      ]);
      assert.equal(fake.subscriptions.get(subscriptionId)?.status, "canceled");
      assert.equal(fake.subscriptions.get(orphan)?.status, "canceled");
      assert.equal(await subscriptionOf(h, user.id), undefined);
      const me = await app.request("/v1/me", bearer(user.token));
      assert.equal(me.status, 401, await me.text());
    });
  } finally {
    await fake.close();
    await h.close();
  }
});
