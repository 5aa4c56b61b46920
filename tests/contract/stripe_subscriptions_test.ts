import assert from "node:assert/strict";
import { createStripePayments } from "../../src/adapters/payments/stripe_payments.ts";
import { ConflictError, UpstreamError } from "../../src/ports/errors.ts";
import { startStripeFake, type StripeFake } from "../support/fakes/stripe_fake.ts";
import { stripeSubscription, type SubscriptionFixture } from "../support/stripe_fixtures.ts";

const secretKey = "sk_test_51SubscriptionOps0000";
const webhookSecret = "whsec_test_subscription_ops";

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return await work.then(() => assert.fail("expected a rejection"), (error: unknown) => error);
}

function put(fake: StripeFake, input: SubscriptionFixture & { id: string }, extra = {}) {
  fake.setSubscription(
    stripeSubscription(input, extra) as Record<string, unknown> & { id: string },
  );
}

function priceOf(fake: StripeFake, id: string): unknown[] {
  const items = fake.subscriptions.get(id)?.items as { data: Array<{ price: { id: string } }> };
  return items.data.map((item) => item.price.id);
}

Deno.test("Stripe payments changes a subscription in place", async (t) => {
  const fake = await startStripeFake({ secretKey });
  const payments = createStripePayments({ secretKey, webhookSecret, apiBase: fake.url });
  try {
    const { customerId } = await payments.createCustomer({ userId: "u_1", email: "a@x.test" });
    const base = { customer: customerId, userId: "u_1", priceId: "price_pro_month" };

    await t.step("changeSubscription updates the one item with create_prorations", async () => {
      put(fake, { ...base, id: "sub_change1" });
      const seen = fake.requests.length;
      const result = await payments.changeSubscription({
        subscriptionId: "sub_change1",
        priceId: "price_studio_month",
        prorate: true,
      });

      assert.equal(result?.changed, true, JSON.stringify(result));
      assert.equal(result?.subscription.priceId, "price_studio_month");
      assert.equal(result?.subscription.id, "sub_change1");
      const calls = fake.requests.slice(seen);
      assert.deepEqual(calls.map((r) => `${r.method} ${r.path}`), [
        "GET /v1/subscriptions/sub_change1",
        "POST /v1/subscriptions/sub_change1",
      ]);
      assert.deepEqual(calls[1]!.form, {
        items: [{ id: "si_RfixtureA", price: "price_studio_month" }],
        proration_behavior: "create_prorations",
      });
      assert.deepEqual(priceOf(fake, "sub_change1"), ["price_studio_month"], "replaced, not added");
      assert.deepEqual(fake.prorations, [{
        subscription: "sub_change1",
        fromPrice: "price_pro_month",
        toPrice: "price_studio_month",
        behavior: "create_prorations",
      }]);
    });

    await t.step("changeSubscription without proration sends none", async () => {
      put(fake, { ...base, id: "sub_change2" });
      await payments.changeSubscription({
        subscriptionId: "sub_change2",
        priceId: "price_pro_year",
        prorate: false,
      });
      assert.equal(fake.requests.at(-1)!.form.proration_behavior, "none");
      assert.deepEqual(priceOf(fake, "sub_change2"), ["price_pro_year"]);
    });

    await t.step("changeSubscription to the price in force changes nothing", async () => {
      put(fake, { ...base, id: "sub_same" });
      const seen = fake.requests.length;
      const result = await payments.changeSubscription({
        subscriptionId: "sub_same",
        priceId: "price_pro_month",
        prorate: true,
      });
      assert.equal(result?.changed, false, JSON.stringify(result));
      assert.equal(result?.subscription.priceId, "price_pro_month");
      const calls = fake.requests.slice(seen).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(calls, ["GET /v1/subscriptions/sub_same"]);
    });

    await t.step(
      "changeSubscription of an unknown or ended subscription is undefined",
      async () => {
        put(fake, { ...base, id: "sub_ended", status: "canceled" });
        for (const subscriptionId of ["sub_unknown", "sub_ended"]) {
          const seen = fake.requests.length;
          const result = await payments.changeSubscription({
            subscriptionId,
            priceId: "price_studio_month",
            prorate: true,
          });
          assert.equal(result, undefined, subscriptionId);
          assert.ok(fake.requests.slice(seen).every((r) => r.method === "GET"), "no update sent");
        }
      },
    );

    await t.step("changeSubscription of a subscription with two items is a conflict", async () => {
      put(fake, { ...base, id: "sub_two" });
      const two = structuredClone(fake.subscriptions.get("sub_two")!) as {
        items: { data: Array<Record<string, unknown>> };
      };
      two.items.data.push({ ...two.items.data[0], id: "si_second" });
      fake.setSubscription({ ...two, id: "sub_two" });
      const error = await rejection(payments.changeSubscription({
        subscriptionId: "sub_two",
        priceId: "price_studio_month",
        prorate: true,
      }));
      assert.ok(error instanceof ConflictError, String(error));
      assert.match(error.message, /"sub_two": it has 2 items/);
    });

    await t.step("changeSubscription with Stripe down is an UpstreamError", async () => {
      put(fake, { ...base, id: "sub_down" });
      fake.mode = "down";
      try {
        const error = await rejection(payments.changeSubscription({
          subscriptionId: "sub_down",
          priceId: "price_studio_month",
          prorate: true,
        }));
        assert.ok(error instanceof UpstreamError, String(error));
        assert.match(error.message, /change Stripe subscription "sub_down" to price/);
        assert.match(error.message, /status 500 \(api_error\)/);
      } finally {
        fake.mode = "normal";
      }
    });
  } finally {
    await fake.close();
  }
});

Deno.test("Stripe payments cancels every live subscription of a customer", async (t) => {
  const fake = await startStripeFake({ secretKey });
  const payments = createStripePayments({ secretKey, webhookSecret, apiBase: fake.url });
  const customer = async (userId: string) =>
    (await payments.createCustomer({ userId, email: `${userId}@x.test` })).customerId;
  const deletes = (since: number) =>
    fake.requests.slice(since).filter((r) => r.method === "DELETE").map((r) => r.path).sort();
  try {
    await t.step("only the customer's live subscriptions are canceled, once", async () => {
      const mine = await customer("u_a");
      const theirs = await customer("u_b");
      put(fake, { id: "sub_a_active", customer: mine });
      put(fake, { id: "sub_a_past_due", customer: mine, status: "past_due" });
      put(fake, { id: "sub_a_canceled", customer: mine, status: "canceled" });
      put(fake, { id: "sub_a_expired", customer: mine, status: "incomplete_expired" });
      put(fake, { id: "sub_b_active", customer: theirs });
      const seen = fake.requests.length;

      const canceled = await payments.cancelCustomerSubscriptions(mine);

      assert.deepEqual(canceled.sort(), ["sub_a_active", "sub_a_past_due"]);
      assert.deepEqual(deletes(seen), [
        "/v1/subscriptions/sub_a_active",
        "/v1/subscriptions/sub_a_past_due",
      ]);
      const list = fake.requests.slice(seen).find((r) => r.method === "GET")!;
      assert.equal(list.path, "/v1/subscriptions");
      assert.deepEqual(list.form, { customer: mine, limit: "100" });
      assert.equal(fake.subscriptions.get("sub_b_active")?.status, "active", "not theirs");
      assert.deepEqual(await payments.cancelCustomerSubscriptions(mine), [], "nothing left");
    });

    await t.step("more than one page of subscriptions is canceled in full", async () => {
      const many = await customer("u_many");
      for (let i = 0; i < 101; i++) put(fake, { id: `sub_many_${i}`, customer: many });
      const seen = fake.requests.length;
      const canceled = await payments.cancelCustomerSubscriptions(many);
      assert.equal(canceled.length, 101);
      assert.equal(deletes(seen).length, 101);
      const pages = fake.requests.slice(seen).filter((r) => r.method === "GET");
      assert.equal(pages.length, 2, JSON.stringify(pages.map((r) => r.form)));
      assert.equal(pages[1]!.form.starting_after, "sub_many_1");
    });

    await t.step("a customer Stripe does not know has nothing to cancel", async () => {
      assert.deepEqual(await payments.cancelCustomerSubscriptions("cus_unknown"), []);
    });

    await t.step("Stripe down is an UpstreamError naming the customer", async () => {
      const down = await customer("u_down");
      fake.mode = "down";
      try {
        const error = await rejection(payments.cancelCustomerSubscriptions(down));
        assert.ok(error instanceof UpstreamError, String(error));
        assert.match(error.message, new RegExp(`subscriptions of customer "${down}"`));
      } finally {
        fake.mode = "normal";
      }
    });
  } finally {
    await fake.close();
  }
});
