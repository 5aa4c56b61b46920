import assert from "node:assert/strict";
import { createMemoryPayments } from "../../src/adapters/payments/memory_payments.ts";
import type { SubscriptionSnapshot } from "../../src/ports/payments.ts";
import { WebhookSignatureError } from "../../src/ports/errors.ts";
import { ManualClock } from "../support/manual_clock.ts";

function snapshot(status: SubscriptionSnapshot["status"], updatedAt: number): SubscriptionSnapshot {
  return {
    id: "sub_dev_1",
    customerId: "cus_dev_1",
    status,
    priceId: "price_dev_pro_month",
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    userId: "u_1",
    updatedAt,
  };
}

Deno.test("memory payments creates customers and local checkout URLs", async () => {
  const payments = createMemoryPayments({ publicUrl: "http://api.test" });
  const { customerId } = await payments.createCustomer({ userId: "u_1", email: "a@x.test" });
  assert.match(customerId, /^cus_dev_[0-9a-f]{32}$/);
  assert.deepEqual(payments.customers, [{ customerId, userId: "u_1", email: "a@x.test" }]);

  const { url } = await payments.createCheckout({
    userId: "u_1",
    customerId,
    priceId: "price_dev_pro_month",
    successUrl: "http://app.test/ok",
    cancelUrl: "http://app.test/no",
    idempotencyKey: "k",
  });
  assert.equal(url, `http://api.test/dev/checkout/${payments.checkouts[0]!.sessionId}`);
});

Deno.test("memory payments keeps the newest parsed subscription state", async () => {
  const clock = new ManualClock(5_000);
  const payments = createMemoryPayments({ publicUrl: "http://api.test", clock });
  const event = (status: SubscriptionSnapshot["status"], at: number) => ({
    kind: "subscription.changed" as const,
    eventId: `evt_${at}`,
    occurredAt: at,
    subscription: snapshot(status, at),
  });
  assert.equal(await payments.getSubscription("sub_dev_1"), undefined);

  const newer = await payments.sign(event("canceled", 2_000));
  const older = await payments.sign(event("active", 1_000));
  await payments.parseWebhook(newer.body, newer.signature);
  await payments.parseWebhook(older.body, older.signature);

  assert.deepEqual(await payments.getSubscription("sub_dev_1"), snapshot("canceled", 5_000));
});

Deno.test("memory payments refuses a body it did not sign", async () => {
  const payments = createMemoryPayments({ publicUrl: "http://api.test" });
  const { body, signature } = await payments.sign({ kind: "ignored", eventId: "e", type: "x" });
  await assert.rejects(
    payments.parseWebhook(body.replace("x", "y"), signature),
    WebhookSignatureError,
  );
  await assert.rejects(payments.parseWebhook(body, "zz"), WebhookSignatureError);
});

Deno.test("memory payments changes a known subscription and posts the event", async (t) => {
  const clock = new ManualClock(5_000);
  const payments = createMemoryPayments({ publicUrl: "http://api.test", clock });
  const known = await payments.sign({
    kind: "subscription.changed",
    eventId: "evt_known",
    occurredAt: 5_000,
    subscription: snapshot("active", 5_000),
  });
  await payments.parseWebhook(known.body, known.signature);
  const posted: string[] = [];
  const change = { subscriptionId: "sub_dev_1", priceId: "price_dev_studio_month", prorate: true };

  await t.step("the change waits for an endpoint, then arrives signed and newer", async () => {
    const result = await payments.changeSubscription(change);
    assert.equal(result?.changed, true, JSON.stringify(result));
    assert.deepEqual(payments.changes, [change]);

    payments.attachWebhookEndpoint(({ body, signature }) => posted.push(body + "\n" + signature));
    assert.equal(posted.length, 1, "delivered once attached");
    const [body, signature] = posted[0]!.split("\n") as [string, string];
    const event = await payments.parseWebhook(body, signature);
    assert.equal(event.kind, "subscription.changed", JSON.stringify(event));
    if (event.kind !== "subscription.changed") return;
    // On a frozen clock the change is still ordered after the state it replaced.
    assert.deepEqual(event.subscription, {
      ...snapshot("active", 5_001),
      priceId: "price_dev_studio_month",
    });
  });

  await t.step("the price in force changes nothing and posts nothing", async () => {
    const result = await payments.changeSubscription(change);
    assert.equal(result?.changed, false, JSON.stringify(result));
    assert.equal(posted.length, 1);
    assert.equal(payments.changes.length, 1);
  });

  await t.step("unknown and canceled subscriptions are undefined", async () => {
    const other = { ...change, subscriptionId: "sub_nope" };
    assert.equal(await payments.changeSubscription(other), undefined);
    assert.deepEqual(await payments.cancelCustomerSubscriptions("cus_dev_1"), ["sub_dev_1"]);
    assert.equal(await payments.changeSubscription({ ...change, priceId: "x" }), undefined);
  });
});

Deno.test("memory payments cancels every live subscription of a customer", async () => {
  const clock = new ManualClock(5_000);
  const payments = createMemoryPayments({ publicUrl: "http://api.test", clock });
  const posted: string[] = [];
  payments.attachWebhookEndpoint(({ body }) => posted.push(body));
  const seed = [
    { ...snapshot("active", 1_000), id: "sub_a" },
    { ...snapshot("past_due", 1_000), id: "sub_b" },
    { ...snapshot("canceled", 1_000), id: "sub_c" },
    { ...snapshot("active", 1_000), id: "sub_other", customerId: "cus_dev_2" },
  ];
  for (const subscription of seed) {
    const { body, signature } = await payments.sign({
      kind: "subscription.changed",
      eventId: `evt_${subscription.id}`,
      occurredAt: 1_000,
      subscription,
    });
    await payments.parseWebhook(body, signature);
  }

  assert.deepEqual(await payments.cancelCustomerSubscriptions("cus_dev_1"), ["sub_a", "sub_b"]);
  assert.deepEqual(payments.canceled, ["sub_a", "sub_b"]);
  const statuses = posted.map((body) => {
    const event = JSON.parse(body);
    return `${event.subscription.id} ${event.subscription.status}`;
  });
  assert.deepEqual(statuses, ["sub_a canceled", "sub_b canceled"]);
  assert.equal((await payments.getSubscription("sub_other"))?.status, "active");
  assert.deepEqual(await payments.cancelCustomerSubscriptions("cus_dev_1"), [], "idempotent");
  assert.deepEqual(await payments.cancelCustomerSubscriptions("cus_unknown"), []);
});
