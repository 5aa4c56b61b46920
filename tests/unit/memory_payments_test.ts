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
