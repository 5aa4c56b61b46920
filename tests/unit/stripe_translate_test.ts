import assert from "node:assert/strict";
import {
  StripeShapeError,
  translateStripeEvent,
  translateStripeSubscription,
} from "../../src/adapters/payments/stripe_translate.ts";
import {
  stripeCheckoutSession,
  stripeEvent,
  stripeInvoice,
  stripeSubscription,
  T0,
} from "../support/stripe_fixtures.ts";

const MS = 1000;

Deno.test("translateStripeEvent reads checkout.session.completed", async (t) => {
  await t.step("a subscription-mode session names customer, subscription and user", () => {
    const event = stripeEvent("checkout.session.completed", stripeCheckoutSession());
    assert.deepEqual(translateStripeEvent(event), {
      kind: "checkout.completed",
      eventId: event.id,
      occurredAt: T0 * MS,
      customerId: "cus_RfixtureA",
      subscriptionId: "sub_1QpRoFixture",
      userId: "u_fixture",
    });
  });

  await t.step("expanded customer and subscription objects give their ids", () => {
    const session = stripeCheckoutSession({
      customer: { id: "cus_expanded", object: "customer" },
      subscription: { id: "sub_expanded", object: "subscription" },
    });
    const billing = translateStripeEvent(stripeEvent("checkout.session.completed", session));
    assert.equal(billing.kind === "checkout.completed" && billing.customerId, "cus_expanded");
    assert.equal(billing.kind === "checkout.completed" && billing.subscriptionId, "sub_expanded");
  });

  for (
    const [label, extra] of [
      ["a payment-mode session", { mode: "payment", subscription: null }],
      ["a session without client_reference_id", { client_reference_id: null }],
    ] as const
  ) {
    await t.step(`${label} is ignored`, () => {
      const event = stripeEvent("checkout.session.completed", stripeCheckoutSession(extra));
      assert.deepEqual(translateStripeEvent(event), {
        kind: "ignored",
        eventId: event.id,
        type: "checkout.session.completed",
      });
    });
  }
});

Deno.test("translateStripeEvent reads customer.subscription.* into a snapshot", async (t) => {
  await t.step("updated: status, price, item-level period end, user, event time", () => {
    const object = stripeSubscription({ status: "past_due", priceId: "price_studio_year" });
    const event = stripeEvent("customer.subscription.updated", object, { created: T0 + 5 });
    assert.deepEqual(translateStripeEvent(event), {
      kind: "subscription.changed",
      eventId: event.id,
      occurredAt: (T0 + 5) * MS,
      subscription: {
        id: "sub_1QpRoFixture",
        customerId: "cus_RfixtureA",
        status: "past_due",
        priceId: "price_studio_year",
        currentPeriodEnd: (T0 + 29 * 86_400) * MS,
        cancelAtPeriodEnd: false,
        userId: "u_fixture",
        updatedAt: (T0 + 5) * MS,
      },
    });
  });

  await t.step("created keeps the status Stripe sent", () => {
    const event = stripeEvent("customer.subscription.created", stripeSubscription());
    const billing = translateStripeEvent(event);
    assert.equal(billing.kind === "subscription.changed" && billing.subscription.status, "active");
  });

  await t.step("deleted is always canceled", () => {
    const event = stripeEvent("customer.subscription.deleted", stripeSubscription());
    const billing = translateStripeEvent(event);
    assert.equal(
      billing.kind === "subscription.changed" && billing.subscription.status,
      "canceled",
    );
  });

  await t.step("a pre-basil payload with current_period_end on the subscription", () => {
    const object = stripeSubscription({}, {
      current_period_end: T0 + 100,
      items: { object: "list", data: [{ id: "si_old", price: { id: "price_old" } }] },
    });
    const snapshot = translateStripeSubscription(object, 1);
    assert.equal(snapshot.currentPeriodEnd, (T0 + 100) * MS);
    assert.equal(snapshot.priceId, "price_old");
  });

  await t.step("cancel_at_period_end or a cancel_at date means it will not renew", () => {
    assert.equal(
      translateStripeSubscription(stripeSubscription({ cancelAtPeriodEnd: true }), 1)
        .cancelAtPeriodEnd,
      true,
    );
    assert.equal(
      translateStripeSubscription(stripeSubscription({ cancelAt: T0 + 10 }), 1).cancelAtPeriodEnd,
      true,
    );
  });

  await t.step("no metadata.userId and no items give nulls", () => {
    const object = stripeSubscription({ userId: null }, {
      items: { object: "list", data: [] },
    });
    const snapshot = translateStripeSubscription(object, 42);
    assert.equal(snapshot.userId, null);
    assert.equal(snapshot.priceId, null);
    assert.equal(snapshot.currentPeriodEnd, null);
    assert.equal(snapshot.updatedAt, 42);
  });
});

Deno.test("translateStripeEvent reads invoice.paid and invoice.payment_failed", async (t) => {
  await t.step("invoice.paid with parent.subscription_details (basil+)", () => {
    const event = stripeEvent("invoice.paid", stripeInvoice());
    assert.deepEqual(translateStripeEvent(event), {
      kind: "invoice.paid",
      eventId: event.id,
      occurredAt: T0 * MS,
      customerId: "cus_RfixtureA",
      subscriptionId: "sub_1QpRoFixture",
      amountPaid: 1500,
      currency: "usd",
      invoiceNumber: null,
    });
  });

  await t.step("invoice.payment_failed with a top-level subscription (pre-basil)", () => {
    const object = stripeInvoice({ status: "open", legacyShape: true });
    const billing = translateStripeEvent(stripeEvent("invoice.payment_failed", object));
    assert.equal(billing.kind, "invoice.payment_failed");
    assert.equal(
      billing.kind === "invoice.payment_failed" && billing.subscriptionId,
      "sub_1QpRoFixture",
    );
  });

  await t.step("a one-off invoice has no subscription", () => {
    const billing = translateStripeEvent(
      stripeEvent("invoice.paid", stripeInvoice({ subscription: null })),
    );
    assert.equal(billing.kind === "invoice.paid" && billing.subscriptionId, null);
  });
});

Deno.test("translateStripeEvent ignores event types it does not handle", () => {
  const event = stripeEvent("customer.created", { id: "cus_1", object: "customer" });
  assert.deepEqual(translateStripeEvent(event), {
    kind: "ignored",
    eventId: event.id,
    type: "customer.created",
  });
});

Deno.test("translateStripeEvent refuses unreadable payloads, naming the field", async (t) => {
  const cases: Array<[string, unknown, RegExp]> = [
    ["a non-object", "evt", /"\(root\)" is not an object/],
    [
      "an event without created",
      { ...stripeEvent("invoice.paid", stripeInvoice()), created: "x" },
      /"created"/,
    ],
    [
      "an invoice without customer",
      stripeEvent("invoice.paid", stripeInvoice({}, { customer: null })),
      /"data\.object\.customer" is not an id/,
    ],
    [
      "a subscription with an unknown status",
      stripeEvent("customer.subscription.updated", stripeSubscription({ status: "dormant" })),
      /subscription "sub_1QpRoFixture": "data\.object\.status" is not a known status/,
    ],
    [
      "a subscription without items",
      stripeEvent("customer.subscription.updated", stripeSubscription({}, { items: null })),
      /"data\.object\.items" is not an object/,
    ],
  ];
  for (const [label, payload, message] of cases) {
    await t.step(label, () => {
      assert.throws(
        () => translateStripeEvent(payload),
        (error: unknown) => error instanceof StripeShapeError && message.test(error.message),
      );
    });
  }
});
