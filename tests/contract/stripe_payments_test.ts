import assert from "node:assert/strict";
import Stripe from "stripe";
import { createStripePayments } from "../../src/adapters/payments/stripe_payments.ts";
import type { BillingEvent, Payments } from "../../src/ports/payments.ts";
import { UpstreamError, WebhookSignatureError } from "../../src/ports/errors.ts";
import { startStripeFake } from "../support/fakes/stripe_fake.ts";
import { ManualClock } from "../support/manual_clock.ts";
import {
  stripeCheckoutSession,
  stripeEvent,
  stripeInvoice,
  stripeSubscription,
} from "../support/stripe_fixtures.ts";

const secretKey = "sk_test_51FakeKeyDoNotLog9Zq1";
const webhookSecret = "whsec_test_secret_do_not_log";

function checkoutFor(customerId: string, priceId = "price_pro_month") {
  return {
    userId: "u_1",
    customerId,
    priceId,
    successUrl: "https://app.pitchey.test/billing?done=1",
    cancelUrl: "https://app.pitchey.test/billing",
    idempotencyKey: `checkout:u_1:${priceId}`,
  };
}

async function rejection(work: Promise<unknown>): Promise<unknown> {
  return await work.then(() => assert.fail("expected a rejection"), (error: unknown) => error);
}

function assertNoSecrets(message: string, ...secrets: string[]) {
  for (const secret of [secretKey, secretKey.slice(-4), webhookSecret, ...secrets]) {
    assert.ok(!message.includes(secret), `"${secret}" leaked: ${message}`);
  }
}

Deno.test("Stripe payments adapter against the loopback Stripe fake", async (t) => {
  const fake = await startStripeFake({ secretKey });
  const payments = createStripePayments({ secretKey, webhookSecret, apiBase: fake.url });
  let customerId = "";

  try {
    await t.step("createCustomer sends the email and user id with the secret key", async () => {
      const result = await payments.createCustomer({ userId: "u_1", email: "ada@example.com" });
      customerId = result.customerId;

      assert.match(customerId, /^cus_/);
      const request = fake.requests.at(-1)!;
      assert.equal(request.path, "/v1/customers");
      assert.deepEqual(request.form, { email: "ada@example.com", metadata: { userId: "u_1" } });
      assert.equal(request.headers["authorization"], `Bearer ${secretKey}`);
      assert.equal(request.headers["idempotency-key"], "customer:u_1");
      assert.equal(request.headers["stripe-version"], "2026-10-28.endive");
    });

    await t.step("createCheckout returns the session URL of a subscription checkout", async () => {
      const { url } = await payments.createCheckout(checkoutFor(customerId));

      const [session] = [...fake.checkoutSessions.values()];
      assert.equal(url, session?.url, JSON.stringify(session));
      const request = fake.requests.at(-1)!;
      assert.equal(request.path, "/v1/checkout/sessions");
      assert.deepEqual(request.form, {
        mode: "subscription",
        customer: customerId,
        line_items: [{ price: "price_pro_month", quantity: "1" }],
        success_url: "https://app.pitchey.test/billing?done=1",
        cancel_url: "https://app.pitchey.test/billing",
        client_reference_id: "u_1",
        subscription_data: { metadata: { userId: "u_1" } },
      });
      assert.equal(request.headers["idempotency-key"], "checkout:u_1:price_pro_month");
    });

    await t.step("the same user and price twice gives the same checkout session", async () => {
      const first = await payments.createCheckout(checkoutFor(customerId));
      assert.equal(fake.checkoutSessions.size, 1);
      const again = await payments.createCheckout(checkoutFor(customerId));
      assert.equal(again.url, first.url);
      assert.equal(fake.checkoutSessions.size, 1, "replayed, not created again");
    });

    await t.step("a reused idempotency key with another price is an UpstreamError", async () => {
      const request = { ...checkoutFor(customerId, "price_pro_year") };
      request.idempotencyKey = "checkout:u_1:price_pro_month";
      const error = await rejection(payments.createCheckout(request));

      assert.ok(error instanceof UpstreamError, String(error));
      assert.match(error.message, /checkout session for user "u_1"/);
      assert.match(error.message, /status 400 \(idempotency_error\)/);
    });

    await t.step("createPortal returns the portal URL", async () => {
      const returnUrl = "https://app.pitchey.test/account";
      const { url } = await payments.createPortal({ customerId, returnUrl });

      assert.match(url, /^https:\/\/billing\.stripe\.com\/p\/session\//);
      const request = fake.requests.at(-1)!;
      assert.equal(request.path, "/v1/billing_portal/sessions");
      assert.deepEqual(request.form, { customer: customerId, return_url: returnUrl });
    });

    await t.step(
      "createPortal for a customer Stripe does not know is an UpstreamError",
      async () => {
        const error = await rejection(
          payments.createPortal({ customerId: "cus_nope", returnUrl: "https://x.test" }),
        );
        assert.ok(error instanceof UpstreamError, String(error));
        assert.match(error.message, /"cus_nope": Stripe answered status 400/);
      },
    );

    await t.step("getSubscription translates the subscription Stripe holds", async () => {
      fake.setSubscription(
        stripeSubscription({
          id: "sub_live1",
          customer: customerId,
          status: "active",
          priceId: "price_studio_year",
          periodEnd: 1_800_000_000,
          userId: "u_1",
          cancelAtPeriodEnd: true,
        }) as Record<string, unknown> & { id: string },
      );
      const before = Date.now();
      const snapshot = await payments.getSubscription("sub_live1");

      assert.ok(snapshot, "expected a snapshot");
      const { updatedAt, ...rest } = snapshot;
      assert.deepEqual(rest, {
        id: "sub_live1",
        customerId,
        status: "active",
        priceId: "price_studio_year",
        currentPeriodEnd: 1_800_000_000_000,
        cancelAtPeriodEnd: true,
        userId: "u_1",
      });
      assert.ok(updatedAt >= before && updatedAt <= Date.now(), String(updatedAt));
      assert.equal(fake.requests.at(-1)!.path, "/v1/subscriptions/sub_live1");
    });

    await t.step("getSubscription of an unknown id is undefined", async () => {
      assert.equal(await payments.getSubscription("sub_unknown"), undefined);
    });

    await t.step("a wrong secret key is an UpstreamError without the key", async () => {
      const wrongKey = "sk_test_51WrongKeyZZ8877";
      const wrong = createStripePayments({ secretKey: wrongKey, webhookSecret, apiBase: fake.url });
      const error = await rejection(wrong.createCustomer({ userId: "u_2", email: "b@x.test" }));

      assert.ok(error instanceof UpstreamError, String(error));
      assert.match(error.message, /customer of user "u_2": Stripe answered status 401/);
      assertNoSecrets(error.message, wrongKey, wrongKey.slice(-4), "b@x.test");
    });

    await t.step("a failing Stripe is retried once with the same idempotency key", async () => {
      fake.mode = "down";
      const seen = fake.requests.length;
      try {
        const error = await rejection(payments.createCheckout(checkoutFor(customerId)));
        assert.ok(error instanceof UpstreamError, String(error));
        assert.match(error.message, /status 500 \(api_error\)/);
        assertNoSecrets(error.message, "price_pro_month");
      } finally {
        fake.mode = "normal";
      }
      const attempts = fake.requests.slice(seen);
      assert.equal(attempts.length, 2, JSON.stringify(attempts.map((r) => r.path)));
      assert.equal(
        attempts[0]!.headers["idempotency-key"],
        attempts[1]!.headers["idempotency-key"],
      );
    });
  } finally {
    await fake.close();
  }
});

Deno.test("Stripe payments gives up on a Stripe that does not answer in time", async () => {
  const fake = await startStripeFake({ secretKey });
  fake.mode = "hang";
  const payments = createStripePayments({
    secretKey,
    webhookSecret,
    apiBase: fake.url,
    timeoutMs: 100,
  });
  try {
    const error = await rejection(payments.getSubscription("sub_slow"));
    assert.ok(error instanceof UpstreamError, String(error));
    assert.match(error.message, /"sub_slow": Stripe did not answer within 100 ms/);
    assert.equal(fake.requests.length, 2, "one attempt and one retry");
  } finally {
    await fake.close();
  }
});

Deno.test("Stripe webhooks are verified and translated", async (t) => {
  const clock = new ManualClock(Date.now());
  const payments: Payments = createStripePayments({
    secretKey,
    webhookSecret,
    apiBase: "http://127.0.0.1:9",
    clock,
  });
  const nowSeconds = () => Math.floor(clock.now() / 1000);
  const sign = (payload: string, options: { secret?: string; timestamp?: number } = {}) =>
    Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: options.secret ?? webhookSecret,
      timestamp: options.timestamp ?? nowSeconds(),
    });
  const deliver = async (event: Record<string, unknown>): Promise<BillingEvent> => {
    const body = JSON.stringify(event, null, 2);
    return await payments.parseWebhook(body, await sign(body));
  };
  const refused = async (body: string, header: string, message: RegExp) => {
    const error = await rejection(payments.parseWebhook(body, header));
    assert.ok(error instanceof WebhookSignatureError, String(error));
    assert.match(error.message, message);
    // Nothing of the header (its signatures) comes back in the message.
    assertNoSecrets(error.message, ...header.split(",").filter((part) => part.length > 8));
  };
  const body = JSON.stringify(stripeEvent("invoice.paid", stripeInvoice()));

  await t.step("checkout.session.completed", async () => {
    const event = stripeEvent("checkout.session.completed", stripeCheckoutSession());
    assert.deepEqual(await deliver(event), {
      kind: "checkout.completed",
      eventId: event.id,
      occurredAt: (event.created as number) * 1000,
      customerId: "cus_RfixtureA",
      subscriptionId: "sub_1QpRoFixture",
      userId: "u_fixture",
    });
  });

  for (const type of ["created", "updated", "deleted"]) {
    await t.step(`customer.subscription.${type}`, async () => {
      const event = stripeEvent(`customer.subscription.${type}`, stripeSubscription());
      const billing = await deliver(event);
      assert.equal(billing.kind, "subscription.changed", JSON.stringify(billing));
      assert.equal(billing.eventId, event.id);
      if (billing.kind !== "subscription.changed") return;
      assert.equal(billing.subscription.id, "sub_1QpRoFixture");
      assert.equal(billing.subscription.status, type === "deleted" ? "canceled" : "active");
      assert.equal(billing.subscription.updatedAt, (event.created as number) * 1000);
    });
  }

  for (const type of ["invoice.paid", "invoice.payment_failed"] as const) {
    await t.step(type, async () => {
      const event = stripeEvent(type, stripeInvoice());
      assert.deepEqual(await deliver(event), {
        kind: type,
        eventId: event.id,
        occurredAt: (event.created as number) * 1000,
        customerId: "cus_RfixtureA",
        subscriptionId: "sub_1QpRoFixture",
        amountPaid: 1500,
        currency: "usd",
        invoiceNumber: null,
      });
    });
  }

  await t.step("another event type is ignored", async () => {
    const event = stripeEvent("payment_intent.created", { id: "pi_1", object: "payment_intent" });
    assert.deepEqual(await deliver(event), {
      kind: "ignored",
      eventId: event.id,
      type: "payment_intent.created",
    });
  });

  await t.step("timestamps 300 s old and 299 s in the future are accepted", async () => {
    for (const timestamp of [nowSeconds() - 300, nowSeconds() + 299]) {
      const billing = await payments.parseWebhook(body, await sign(body, { timestamp }));
      assert.equal(billing.kind, "invoice.paid");
    }
  });

  await t.step("a tampered body is refused", async () => {
    const header = await sign(body);
    await refused(body.replace("cus_RfixtureA", "cus_attacker"), header, /does not verify/);
  });

  await t.step("a signature made with another secret is refused", async () => {
    await refused(body, await sign(body, { secret: "whsec_other" }), /does not verify/);
  });

  await t.step("a timestamp 301 s old is refused", async () => {
    const header = await sign(body, { timestamp: nowSeconds() - 301 });
    await refused(body, header, /more than 300 s old/);
  });

  await t.step("a timestamp 301 s in the future is refused", async () => {
    const header = await sign(body, { timestamp: nowSeconds() + 301 });
    await refused(body, header, /more than 300 s in the future/);
  });

  await t.step("a missing or garbled header is refused", async () => {
    const good = await sign(body);
    const v1 = good.split(",")[1]!;
    for (const header of ["", "garbage", "t=abc," + v1, `t=1,t=${nowSeconds()},${v1}`]) {
      await refused(body, header, /no valid timestamp/);
    }
    await refused(body, `t=${nowSeconds()}`, /does not verify/);
    await refused(body, `t=${nowSeconds()},v1=00ff`, /does not verify/);
  });

  await t.step("the library's synchronous test header generator needs Node crypto", () => {
    // Under Deno `stripe` resolves to its worker build, whose only crypto is SubtleCrypto.
    assert.throws(
      () => Stripe.webhooks.generateTestHeaderString({ payload: body, secret: webhookSecret }),
      /SubtleCryptoProvider cannot be used in a synchronous context/,
    );
  });
});
