import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createApp } from "../../src/app.ts";
import { billingCustomers } from "../../src/db/tables/billing.ts";
import { UpstreamError } from "../../src/ports/errors.ts";
import { bearer, jsonRequest, signUpUser } from "../support/accounts.ts";
import {
  deliver,
  postWebhook,
  startCheckout,
  subscriptionEvent,
  subscriptionOf,
} from "../support/billing.ts";
import { createHarness, TEST_ORIGIN, TEST_PRICES, TEST_PUBLIC_URL } from "../support/harness.ts";

const DAY_MS = 86_400_000;

Deno.test("billing with the offline payments adapter", async (t) => {
  const h = await createHarness();
  try {
    await t.step("5 concurrent first checkouts create one customer and local URLs", async () => {
      const user = await signUpUser(h);
      const responses = await Promise.all([1, 2, 3, 4, 5].map(() =>
        h.app.request(
          "/v1/billing/checkout",
          jsonRequest("POST", { plan: "pro", interval: "month" }, user.token),
        )
      ));
      for (const response of responses) {
        const text = await response.text();
        assert.equal(response.status, 200, text);
        assert.match(JSON.parse(text).url, /^http:\/\/api\.test\/dev\/checkout\/cs_dev_/, text);
      }
      const rows = await h.deps.database.db.select().from(billingCustomers)
        .where(eq(billingCustomers.userId, user.id));
      assert.equal(rows.length, 1, JSON.stringify(rows));
      const mine = h.payments.checkouts.filter((c) => c.userId === user.id);
      assert.equal(mine.length, 5);
      assert.deepEqual(new Set(mine.map((c) => c.customerId)), new Set([rows[0]!.customerId]));
      const day = new Date(h.clock.now()).toISOString().slice(0, 10);
      assert.equal(
        mine[0]!.idempotencyKey,
        `checkout:${user.id}:${TEST_PRICES.pro.month}:${day}`,
      );
      assert.equal(mine[0]!.successUrl, `${TEST_ORIGIN}/billing?checkout=success`);
    });

    await t.step("POST /v1/billing/checkout refuses an unknown plan with 422", async () => {
      const user = await signUpUser(h);
      const response = await h.app.request(
        "/v1/billing/checkout",
        jsonRequest("POST", { plan: "free", interval: "month" }, user.token),
      );
      assert.equal(response.status, 422, await response.text());
    });

    await t.step("visiting the dev checkout URL upgrades the user to pro", async () => {
      const user = await signUpUser(h);
      const path = await startCheckout(h, user.token);
      const visit = await h.app.request(path);
      assert.equal(visit.status, 302, await visit.text());
      assert.equal(visit.headers.get("location"), `${TEST_ORIGIN}/billing?checkout=success`);
      const row = await subscriptionOf(h, user.id);
      assert.equal(row?.status, "active", JSON.stringify(row));
      assert.equal(row?.plan, "pro");
      assert.equal(row?.graceUntil, null);
      const again = await h.app.request(path);
      assert.equal(again.status, 302, "a second visit is a duplicate, still redirected");

      const entitlements = await h.app.request("/v1/me/entitlements", bearer(user.token));
      const text = await entitlements.text();
      assert.equal(entitlements.status, 200, text);
      assert.equal(JSON.parse(text).plan, "pro", text);

      // Any second checkout is refused; `plan_change_test.ts` covers changing plan instead.
      for (const plan of ["pro", "studio"]) {
        const twice = await h.app.request(
          "/v1/billing/checkout",
          jsonRequest("POST", { plan, interval: "year" }, user.token),
        );
        assert.equal(twice.status, 409, `already on pro, ${plan}: ` + await twice.text());
      }
    });

    await t.step("an unknown dev checkout session is a 404", async () => {
      const response = await h.app.request("/dev/checkout/cs_dev_nope");
      assert.equal(response.status, 404, await response.text());
    });

    await t.step("POST /v1/billing/portal is a 409 before checkout, a URL after", async () => {
      const user = await signUpUser(h);
      const before = await h.app.request(
        "/v1/billing/portal",
        jsonRequest("POST", undefined, user.token),
      );
      const problem = await before.text();
      assert.equal(before.status, 409, problem);
      assert.match(before.headers.get("content-type") ?? "", /application\/problem\+json/);
      await startCheckout(h, user.token);
      const after = await h.app.request(
        "/v1/billing/portal",
        jsonRequest("POST", undefined, user.token),
      );
      const text = await after.text();
      assert.equal(after.status, 200, text);
      const url = new URL(JSON.parse(text).url);
      assert.equal(url.origin, TEST_PUBLIC_URL);
      const page = await h.app.request(url.pathname);
      assert.equal(page.status, 200, await page.text());
    });

    await t.step("webhooks with a tampered body, a wrong or no signature are 400", async () => {
      const user = await signUpUser(h);
      const { body, signature } = await h.payments.sign(subscriptionEvent(h.clock.now(), {
        userId: user.id,
      }));
      const tampered = body.replace('"active"', '"trialing"');
      for (
        const [name, response] of [
          ["tampered", await postWebhook(h, tampered, signature)],
          ["wrong signature", await postWebhook(h, body, "00".repeat(32))],
          ["garbage signature", await postWebhook(h, body, "t=1,v1=zz")],
          ["no signature", await postWebhook(h, body)],
        ] as const
      ) {
        const text = await response.text();
        assert.equal(response.status, 400, `${name}: ${text}`);
        assert.match(response.headers.get("content-type") ?? "", /problem\+json/, name);
      }
      assert.equal(await subscriptionOf(h, user.id), undefined, "nothing applied");
    });

    await t.step("a redelivered event is applied once and reported as a duplicate", async () => {
      const user = await signUpUser(h);
      const event = subscriptionEvent(h.clock.now(), { userId: user.id });
      const first = await deliver(h, event);
      assert.deepEqual(first, { status: 200, body: { received: true, duplicate: false } });
      const second = await deliver(h, event);
      assert.deepEqual(second, { status: 200, body: { received: true, duplicate: true } });
    });

    await t.step("ten concurrent deliveries of a failed payment apply it once", async () => {
      const user = await signUpUser(h);
      const now = h.clock.now();
      await deliver(h, subscriptionEvent(now, { userId: user.id }));
      const failed = {
        kind: "invoice.payment_failed" as const,
        eventId: `evt_test_${crypto.randomUUID()}`,
        occurredAt: now + 1_000,
        customerId: `cus_test_${user.id}`,
        subscriptionId: `sub_test_${user.id}`,
      };
      const { body, signature } = await h.payments.sign(failed);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => postWebhook(h, body, signature)),
      );
      const bodies = await Promise.all(responses.map((r) => r.json()));
      assert.deepEqual(responses.map((r) => r.status), Array(10).fill(200), JSON.stringify(bodies));
      assert.equal(bodies.filter((b) => b.duplicate === false).length, 1, JSON.stringify(bodies));
      await h.deps.background.drain();
      const mails = h.mailer.outbox.filter((m) =>
        m.to === user.email && m.tag === "payment-failed"
      );
      assert.equal(mails.length, 1, JSON.stringify(mails));
      assert.match(mails[0]!.text, /billing/);
      const row = await subscriptionOf(h, user.id);
      assert.equal(row?.status, "past_due");
      assert.equal(row?.graceUntil?.getTime(), now + 7 * DAY_MS);
    });

    await t.step("events out of order converge to the newest state", async () => {
      const user = await signUpUser(h);
      const now = h.clock.now();
      const updated = subscriptionEvent(now + 2_000, {
        userId: user.id,
        priceId: TEST_PRICES.studio.year,
      });
      const created = subscriptionEvent(now + 1_000, { userId: user.id, status: "incomplete" });
      assert.equal((await deliver(h, updated)).status, 200);
      assert.equal((await deliver(h, created)).status, 200);
      const row = await subscriptionOf(h, user.id);
      assert.equal(row?.plan, "studio", JSON.stringify(row));
      assert.equal(row?.status, "active");
      assert.equal(row?.providerUpdatedAt.getTime(), now + 2_000);
    });

    await t.step("past due keeps a grace period that a payment ends", async () => {
      const user = await signUpUser(h);
      const now = h.clock.now();
      await deliver(h, subscriptionEvent(now, { userId: user.id }));
      await deliver(h, subscriptionEvent(now + 1_000, { userId: user.id, status: "past_due" }));
      const grace = (await subscriptionOf(h, user.id))?.graceUntil?.getTime();
      assert.equal(grace, now + 7 * DAY_MS);
      h.clock.advance(DAY_MS);
      await deliver(h, subscriptionEvent(now + 2_000, { userId: user.id, status: "past_due" }));
      assert.equal((await subscriptionOf(h, user.id))?.graceUntil?.getTime(), grace, "kept");
      const entitlements = await h.app.request("/v1/me/entitlements", bearer(user.token));
      assert.equal((await entitlements.json()).plan, "pro", "in grace, the plan stays");
      const paid = await deliver(h, {
        kind: "invoice.paid",
        eventId: `evt_test_${crypto.randomUUID()}`,
        occurredAt: now + 3_000,
        customerId: `cus_test_${user.id}`,
        subscriptionId: `sub_test_${user.id}`,
      });
      assert.equal(paid.status, 200);
      const row = await subscriptionOf(h, user.id);
      assert.equal(row?.graceUntil, null);
      assert.equal(row?.status, "active");
    });

    await t.step("a deleted subscription leaves the row canceled and the user free", async () => {
      const user = await signUpUser(h);
      const now = h.clock.now();
      await deliver(h, subscriptionEvent(now, { userId: user.id }));
      const before = await h.app.request("/v1/me/entitlements", bearer(user.token));
      assert.equal((await before.json()).plan, "pro");
      await deliver(h, subscriptionEvent(now + 1_000, { userId: user.id, status: "canceled" }));
      assert.equal((await subscriptionOf(h, user.id))?.status, "canceled");
      const after = await h.app.request("/v1/me/entitlements", bearer(user.token));
      assert.equal((await after.json()).plan, "free", "entitlements were invalidated");
    });

    await t.step("an unknown price is logged and ignored", async () => {
      const user = await signUpUser(h);
      const result = await deliver(
        h,
        subscriptionEvent(h.clock.now(), { userId: user.id, priceId: "price_unknown" }),
      );
      assert.equal(result.status, 200);
      assert.equal(await subscriptionOf(h, user.id), undefined);
    });

    await t.step("DELETE /v1/me cancels the subscription with the provider", async () => {
      const user = await signUpUser(h);
      await h.app.request(await startCheckout(h, user.token));
      const row = await subscriptionOf(h, user.id);
      assert.equal(row?.status, "active");
      const response = await h.app.request("/v1/me", jsonRequest("DELETE", undefined, user.token));
      assert.equal(response.status, 204, await response.text());
      assert.ok(h.payments.canceled.includes(row!.subscriptionId), "canceled at the provider");
      assert.equal(await subscriptionOf(h, user.id), undefined);
    });

    await t.step("DELETE /v1/me keeps the account when the provider cannot cancel", async () => {
      const user = await signUpUser(h);
      await h.app.request(await startCheckout(h, user.token));
      const app = createApp({
        ...h.deps,
        payments: {
          ...h.payments,
          cancelCustomerSubscriptions: () =>
            Promise.reject(new UpstreamError("Cannot cancel subscriptions: provider down")),
        },
      });
      const response = await app.request("/v1/me", jsonRequest("DELETE", undefined, user.token));
      const text = await response.text();
      assert.equal(response.status, 503, text);
      assert.match(response.headers.get("content-type") ?? "", /problem\+json/);
      const me = await h.app.request("/v1/me", bearer(user.token));
      assert.equal(me.status, 200, "the account still exists: " + await me.text());
      assert.equal((await subscriptionOf(h, user.id))?.status, "active");
    });
  } finally {
    await h.close();
  }
});
