import assert from "node:assert/strict";
import { bearer, jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { deliver, startCheckout, subscriptionEvent, subscriptionOf } from "../support/billing.ts";
import { createHarness, type Harness, TEST_PRICES } from "../support/harness.ts";

/** Subscribes `user` to `plan` through the offline checkout page, as a browser would. */
async function subscribe(h: Harness, user: TestUser, plan: "pro" | "studio" = "pro") {
  const visit = await h.app.request(await startCheckout(h, user.token, plan, "month"));
  assert.equal(visit.status, 302, await visit.text());
  await h.deps.background.drain();
}

function changePlan(h: Harness, token: string, plan: string, interval: string) {
  return h.app.request(
    "/v1/billing/change-plan",
    jsonRequest("POST", { plan, interval }, token),
  );
}

async function planInForce(h: Harness, token: string): Promise<string> {
  const body = await expectJson<{ plan: string }>(
    await h.app.request("/v1/me/entitlements", bearer(token)),
    200,
  );
  return body.plan;
}

Deno.test("changing plan with the offline payments adapter", async (t) => {
  const h = await createHarness();
  try {
    for (const status of ["active", "trialing", "past_due"] as const) {
      await t.step(
        `POST /v1/billing/checkout refuses a second subscription while one is ${status}`,
        async () => {
          const user = await signUpUser(h);
          await deliver(h, subscriptionEvent(h.clock.now(), { userId: user.id, status }));
          const checkoutsBefore = h.payments.checkouts.length;
          const response = await h.app.request(
            "/v1/billing/checkout",
            jsonRequest("POST", { plan: "studio", interval: "year" }, user.token),
          );
          const problem = await assertProblem(response, 409, "conflict");
          assert.match(problem.detail, /POST \/v1\/billing\/change-plan/, JSON.stringify(problem));
          assert.match(problem.detail, new RegExp(`"${status}"`), JSON.stringify(problem));
          assert.equal(problem.changePlan, "/v1/billing/change-plan", JSON.stringify(problem));
          assert.equal(h.payments.checkouts.length, checkoutsBefore, "no checkout was created");
        },
      );
    }

    await t.step(
      "POST /v1/billing/checkout is open again once the subscription ended",
      async () => {
        const user = await signUpUser(h);
        const now = h.clock.now();
        await deliver(h, subscriptionEvent(now, { userId: user.id }));
        await deliver(h, subscriptionEvent(now + 1_000, { userId: user.id, status: "canceled" }));
        const path = await startCheckout(h, user.token, "studio", "year");
        assert.match(path, /^\/dev\/checkout\/cs_dev_/);
      },
    );

    await t.step(
      "POST /v1/billing/change-plan moves the subscription to studio with proration",
      async () => {
        const user = await signUpUser(h);
        await subscribe(h, user, "pro");
        const before = await subscriptionOf(h, user.id);
        assert.equal(before?.plan, "pro", JSON.stringify(before));
        const checkoutsBefore = h.payments.checkouts.length;

        const response = await changePlan(h, user.token, "studio", "month");
        const body = await expectJson(response, 202);
        assert.deepEqual(body, { status: "pending", plan: "studio", interval: "month" });
        assert.equal(h.payments.checkouts.length, checkoutsBefore, "no second checkout");
        assert.deepEqual(h.payments.changes.at(-1), {
          subscriptionId: before!.subscriptionId,
          priceId: TEST_PRICES.studio.month,
          prorate: true,
        });

        // The adapter delivers the provider's "subscription updated" event like a webhook.
        await h.deps.background.drain();
        const after = await subscriptionOf(h, user.id);
        assert.equal(after?.plan, "studio", JSON.stringify(after));
        assert.equal(after?.subscriptionId, before!.subscriptionId, "the same subscription");
        assert.equal(after?.priceId, TEST_PRICES.studio.month);
        assert.equal(after?.status, "active");
        assert.equal(await planInForce(h, user.token), "studio");
        const mails = h.mailer.outbox.filter((m) =>
          m.to === user.email && m.tag === "plan-changed"
        );
        assert.deepEqual(mails.map((m) => m.subject), [
          "Your Pitchey plan is now Pro",
          "Your Pitchey plan is now Studio",
        ]);
      },
    );

    await t.step(
      "POST /v1/billing/change-plan to the price in force is 200 unchanged",
      async () => {
        const user = await signUpUser(h);
        await subscribe(h, user, "pro");
        const changes = h.payments.changes.length;
        const body = await expectJson(await changePlan(h, user.token, "pro", "month"), 200);
        assert.deepEqual(body, { status: "unchanged", plan: "pro", interval: "month" });
        assert.equal(h.payments.changes.length, changes, "nothing changed at the provider");
        await h.deps.background.drain();
        assert.equal((await subscriptionOf(h, user.id))?.plan, "pro");
      },
    );

    await t.step("POST /v1/billing/change-plan can switch the interval, then back", async () => {
      const user = await signUpUser(h);
      await subscribe(h, user, "studio");
      await expectJson(await changePlan(h, user.token, "studio", "year"), 202);
      await h.deps.background.drain();
      assert.equal((await subscriptionOf(h, user.id))?.priceId, TEST_PRICES.studio.year);
      await expectJson(await changePlan(h, user.token, "pro", "month"), 202);
      await h.deps.background.drain();
      const row = await subscriptionOf(h, user.id);
      assert.equal(row?.priceId, TEST_PRICES.pro.month, JSON.stringify(row));
      assert.equal(await planInForce(h, user.token), "pro");
    });

    await t.step("POST /v1/billing/change-plan without a subscription is a 409", async () => {
      const user = await signUpUser(h);
      const problem = await assertProblem(
        await changePlan(h, user.token, "pro", "month"),
        409,
        "conflict",
      );
      assert.match(problem.detail, /POST \/v1\/billing\/checkout/, JSON.stringify(problem));
      assert.deepEqual(h.payments.changes.filter((c) => c.subscriptionId.includes(user.id)), []);
    });

    await t.step("POST /v1/billing/change-plan after a cancellation is a 409", async () => {
      const user = await signUpUser(h);
      const now = h.clock.now();
      await deliver(h, subscriptionEvent(now, { userId: user.id }));
      await deliver(h, subscriptionEvent(now + 1_000, { userId: user.id, status: "canceled" }));
      const problem = await assertProblem(
        await changePlan(h, user.token, "studio", "month"),
        409,
        "conflict",
      );
      assert.match(problem.detail, /POST \/v1\/billing\/checkout/, JSON.stringify(problem));
    });

    await t.step("POST /v1/billing/change-plan while past due is a 409 to the portal", async () => {
      const user = await signUpUser(h);
      const now = h.clock.now();
      await deliver(h, subscriptionEvent(now, { userId: user.id }));
      await deliver(h, subscriptionEvent(now + 1_000, { userId: user.id, status: "past_due" }));
      const changes = h.payments.changes.length;
      const problem = await assertProblem(
        await changePlan(h, user.token, "studio", "month"),
        409,
        "conflict",
      );
      assert.match(problem.detail, /past due/, JSON.stringify(problem));
      assert.match(problem.detail, /POST \/v1\/billing\/portal/, JSON.stringify(problem));
      assert.equal(h.payments.changes.length, changes, "nothing sent to the provider");
    });

    await t.step("POST /v1/billing/change-plan refuses an unknown plan with 422", async () => {
      const user = await signUpUser(h);
      for (const body of [{ plan: "free", interval: "month" }, { plan: "pro" }]) {
        const response = await h.app.request(
          "/v1/billing/change-plan",
          jsonRequest("POST", body, user.token),
        );
        await assertProblem(response, 422, "validation-failed");
      }
    });

    await t.step("DELETE /v1/me cancels every subscription of the customer", async () => {
      const user = await signUpUser(h);
      const now = h.clock.now();
      // Two live subscriptions of one customer: what two completed checkouts used to leave.
      const first = `sub_first_${user.id}`;
      const second = `sub_second_${user.id}`;
      await deliver(h, subscriptionEvent(now, { userId: user.id, id: first }));
      await deliver(h, subscriptionEvent(now + 1_000, { userId: user.id, id: second }));
      assert.equal((await subscriptionOf(h, user.id))?.subscriptionId, second);

      const response = await h.app.request("/v1/me", jsonRequest("DELETE", undefined, user.token));
      assert.equal(response.status, 204, await response.text());
      assert.ok(h.payments.canceled.includes(first), JSON.stringify(h.payments.canceled));
      assert.ok(h.payments.canceled.includes(second), JSON.stringify(h.payments.canceled));
      await h.deps.background.drain();
      assert.equal(await subscriptionOf(h, user.id), undefined);
    });
  } finally {
    await h.close();
  }
});
