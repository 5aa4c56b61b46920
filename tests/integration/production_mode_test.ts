import assert from "node:assert/strict";
import { jsonRequest, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";

/**
 * `/dev/*` are offline stand-ins for hosted pages (checkout, billing portal, mailbox). In production
 * an offline checkout would hand out paid plans for free, so the routes must not exist there, even
 * with the offline adapters behind them.
 */

const DEV_PATHS = ["/dev/mail", "/dev/checkout/cs_dev_1", "/dev/portal/cus_dev_1"];

Deno.test("production mode mounts no /dev route: each answers 404", async (t) => {
  const h = await createHarness({ environment: "production", mailer: "dev" });
  try {
    for (const path of DEV_PATHS) {
      await t.step(`GET ${path} is 404 not-found`, async () => {
        const response = await h.app.request(path);
        await assertProblem(response, 404, "not-found");
      });
    }

    await t.step("/openapi.json documents no /dev path", async () => {
      const doc = await expectJson<{ paths: Record<string, unknown> }>(
        await h.app.request("/openapi.json"),
        200,
      );
      const dev = Object.keys(doc.paths).filter((path) => path.startsWith("/dev"));
      assert.deepEqual(dev, [], JSON.stringify(Object.keys(doc.paths)));
    });

    await t.step("the offline checkout page a checkout points at is 404", async () => {
      const user = await signUpUser(h);
      const checkout = await h.app.request(
        "/v1/billing/checkout",
        jsonRequest("POST", { plan: "pro", interval: "month" }, user.token),
      );
      const text = await checkout.text();
      assert.ok(checkout.status < 300, `checkout ${checkout.status}: ${text}`);
      const page = /\/dev\/checkout\/[^"?]+/.exec(text)?.[0];
      assert.ok(page, `no offline checkout URL in: ${text}`);
      await assertProblem(await h.app.request(page), 404, "not-found");
    });
  } finally {
    await h.close();
  }
});

Deno.test("development mode mounts /dev: GET /dev/mail answers 200", async () => {
  const h = await createHarness({ mailer: "dev" });
  try {
    const body = await expectJson<{ items: unknown[] }>(await h.app.request("/dev/mail"), 200);
    assert.ok(Array.isArray(body.items), JSON.stringify(body));
  } finally {
    await h.close();
  }
});
