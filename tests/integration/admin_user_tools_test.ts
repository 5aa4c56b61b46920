import assert from "node:assert/strict";
import { bearer, jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { startCheckout } from "../support/billing.ts";
import { secondInstance } from "../support/second_instance.ts";
import { createHarness, type Harness } from "../support/harness.ts";

interface AdminUserBody {
  id: string;
  email: string;
  role: string;
  suspension: { reason: string; suspendedBy: string | null; suspendedAt: string } | null;
}

interface AdminUserDetailBody extends AdminUserBody {
  plan: string;
  planStatus: string;
  subscription: { plan: string; status: string; cancelAtPeriodEnd: boolean } | null;
}

/** `POST .../suspend` with `body` (a reason by default). */
const suspend = (
  h: Harness,
  admin: TestUser,
  userId: string,
  body: unknown = { reason: "Spam reports" },
) => h.app.request(`/v1/admin/users/${userId}/suspend`, jsonRequest("POST", body, admin.token));

const unsuspend = (h: Harness, admin: TestUser, userId: string) =>
  h.app.request(`/v1/admin/users/${userId}/unsuspend`, jsonRequest("POST", undefined, admin.token));

/** A read-scoped API key of `user` (whose email must be verified). */
async function apiKeyOf(h: Harness, user: TestUser): Promise<string> {
  const made = await expectJson<{ key: string }>(
    await h.app.request(
      "/v1/me/api-keys",
      jsonRequest("POST", { name: "k", scopes: ["read"] }, user.token),
    ),
    201,
  );
  return made.key;
}

Deno.test("admin user lookup shows the plan and subscription", async (t) => {
  const h = await createHarness();
  try {
    const admin = await signUpUser(h, { role: "admin" });
    const free = await signUpUser(h);
    const paying = await signUpUser(h);
    const checkout = await h.app.request(await startCheckout(h, paying.token, "pro", "month"));
    assert.equal(checkout.status, 302, await checkout.text());
    await h.deps.background.drain();

    await t.step("GET /v1/admin/users/:id of a free user", async () => {
      const body = await expectJson<AdminUserDetailBody>(
        await h.app.request(`/v1/admin/users/${free.id}`, bearer(admin.token)),
        200,
      );
      assert.equal(body.id, free.id);
      assert.equal(body.email, free.email);
      assert.equal(body.plan, "free");
      assert.equal(body.planStatus, "free");
      assert.equal(body.subscription, null);
      assert.equal(body.suspension, null);
    });

    await t.step("GET /v1/admin/users/lookup matches the email whatever its case", async () => {
      const email = encodeURIComponent(paying.email.toUpperCase());
      const response = await h.app.request(
        `/v1/admin/users/lookup?email=${email}`,
        bearer(admin.token),
      );
      assert.equal(response.headers.get("cache-control"), "private, no-store");
      const body = await expectJson<AdminUserDetailBody>(response, 200);
      assert.equal(body.id, paying.id);
      assert.equal(body.plan, "pro");
      assert.equal(body.subscription?.plan, "pro", JSON.stringify(body));
      assert.equal(body.subscription?.status, "active", JSON.stringify(body));
      assert.equal(body.subscription?.cancelAtPeriodEnd, false);
    });

    await t.step("lookup matches the whole address only", async () => {
      const partial = encodeURIComponent(`x${free.email}`);
      await assertProblem(
        await h.app.request(`/v1/admin/users/lookup?email=${partial}`, bearer(admin.token)),
        404,
        "not-found",
      );
    });

    await t.step("an unknown id is 404; a bad or missing email is 422", async () => {
      await assertProblem(
        await h.app.request("/v1/admin/users/usr_nobody", bearer(admin.token)),
        404,
        "not-found",
      );
      for (const query of ["?email=not-an-email", "", "?email=a@b.test&extra=1"]) {
        const problem = await assertProblem(
          await h.app.request(`/v1/admin/users/lookup${query}`, bearer(admin.token)),
          422,
          "validation-failed",
        );
        assert.ok(Array.isArray(problem.errors), JSON.stringify(problem));
      }
    });
  } finally {
    await h.close();
  }
});

Deno.test("suspending a user stops their credentials at once, and unsuspending restores them", async (t) => {
  const h = await createHarness();
  try {
    const admin = await signUpUser(h, { role: "admin" });
    const user = await signUpUser(h, { verified: true });
    const key = await apiKeyOf(h, user);
    const me = (token: string) => h.app.request("/v1/me", bearer(token));

    await t.step("warm credentials are refused right after the suspension", async () => {
      // Both principals (and the account) are now cached in this instance's memory.
      await expectJson(await me(user.token), 200);
      await expectJson(await me(key), 200);
      const body = await expectJson<AdminUserBody>(await suspend(h, admin, user.id), 200);
      assert.equal(body.suspension?.reason, "Spam reports");
      assert.equal(body.suspension?.suspendedBy, admin.id);
      assert.equal(body.suspension?.suspendedAt, new Date(h.clock.now()).toISOString());
      await assertProblem(await me(user.token), 401, "unauthorized");
      await assertProblem(await me(key), 401, "unauthorized");
    });

    await t.step("a suspended user cannot sign in; a wrong password still says 401", async () => {
      const login = (password: string) =>
        h.app.request("/v1/auth/login", jsonRequest("POST", { email: user.email, password }));
      const problem = await assertProblem(await login(user.password), 403, "account-suspended");
      assert.ok(!problem.detail.includes("Spam"), "the reason is for administrators");
      await assertProblem(await login(`${user.password}x`), 401, "unauthorized");
      const page = await expectJson<{ type: string; status: number; description: string }>(
        await h.app.request("/problems/account-suspended"),
        200,
      );
      const { description, ...rest } = page;
      assert.deepEqual(rest, {
        type: "account-suspended",
        status: 403,
        title: "Account suspended",
      });
      assert.match(description, /suspended/);
    });

    await t.step("the admin list and lookup show the suspension", async () => {
      const page = await expectJson<{ items: AdminUserBody[] }>(
        await h.app.request(
          `/v1/admin/users?q=${encodeURIComponent(user.email)}`,
          bearer(admin.token),
        ),
        200,
      );
      assert.equal(page.items[0]?.suspension?.reason, "Spam reports", JSON.stringify(page));
      const one = await expectJson<AdminUserDetailBody>(
        await h.app.request(`/v1/admin/users/${user.id}`, bearer(admin.token)),
        200,
      );
      assert.equal(one.suspension?.suspendedBy, admin.id);
    });

    await t.step("suspending twice is 409 and keeps the first reason", async () => {
      await assertProblem(
        await suspend(h, admin, user.id, { reason: "Another reason" }),
        409,
        "conflict",
      );
      const one = await expectJson<AdminUserDetailBody>(
        await h.app.request(`/v1/admin/users/${user.id}`, bearer(admin.token)),
        200,
      );
      assert.equal(one.suspension?.reason, "Spam reports");
    });

    await t.step("unsuspending restores the same session and key", async () => {
      const body = await expectJson<AdminUserBody>(await unsuspend(h, admin, user.id), 200);
      assert.equal(body.suspension, null);
      await expectJson(await me(user.token), 200);
      await expectJson(await me(key), 200);
      await expectJson(
        await h.app.request(
          "/v1/auth/login",
          jsonRequest("POST", { email: user.email, password: user.password }),
        ),
        200,
      );
      await assertProblem(await unsuspend(h, admin, user.id), 409, "conflict");
    });

    await t.step("an admin cannot suspend themselves; another admin can be", async () => {
      await assertProblem(await suspend(h, admin, admin.id), 403, "forbidden");
      await expectJson(await me(admin.token), 200);
      const other = await signUpUser(h, { role: "admin" });
      await expectJson(await suspend(h, admin, other.id), 200);
      await assertProblem(
        await h.app.request("/v1/admin/users", bearer(other.token)),
        401,
        "unauthorized",
      );
    });

    await t.step("bad input: unknown user 404, missing or empty reason 422", async () => {
      await assertProblem(await suspend(h, admin, "usr_nobody"), 404, "not-found");
      await assertProblem(await unsuspend(h, admin, "usr_nobody"), 404, "not-found");
      for (const body of [{}, { reason: "" }, { reason: "   " }, { reason: "x".repeat(501) }]) {
        await assertProblem(await suspend(h, admin, user.id, body), 422, "validation-failed");
      }
    });

    await t.step("every admin action is logged with its actor, without the reason", () => {
      const audit = h.logger.lines.filter((l) => JSON.stringify(l).includes('"audit":true'));
      const actions = audit.map((l) => JSON.stringify(l));
      assert.ok(
        actions.some((l) => l.includes("suspend-user") && l.includes(user.id)),
        actions.join("\n"),
      );
      assert.ok(actions.some((l) => l.includes("unsuspend-user")), actions.join("\n"));
      assert.ok(actions.every((l) => l.includes(admin.id)));
      assert.ok(!actions.some((l) => l.includes("Spam reports")), "reasons stay out of logs");
    });
  } finally {
    await h.close();
  }
});

Deno.test("a suspension is refused by another instance within two seconds", {
  ignore: !Deno.env.get("TEST_REDIS_URL"),
}, async () => {
  const h = await createHarness();
  try {
    // A second instance: same database and Redis, its own memory tier (another region).
    const other = secondInstance(h);
    const admin = await signUpUser(h, { role: "admin" });
    const user = await signUpUser(h, { verified: true });
    const key = await apiKeyOf(h, user);
    for (const token of [user.token, key]) {
      await expectJson(await other.request("/v1/me", bearer(token)), 200);
    }
    await expectJson(await suspend(h, admin, user.id), 200);
    // The instance that is more than two poll intervals behind the invalidation log catches up
    // before it trusts a cached principal (as for a logout).
    h.clock.advance(2_000);
    for (const token of [user.token, key]) {
      await assertProblem(await other.request("/v1/me", bearer(token)), 401, "unauthorized");
    }
    await expectJson(await unsuspend(h, admin, user.id), 200);
    h.clock.advance(2_000);
    await expectJson(await other.request("/v1/me", bearer(user.token)), 200);
  } finally {
    await h.close();
  }
});
