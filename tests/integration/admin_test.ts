import assert from "node:assert/strict";
import { bearer, jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";

interface UsersPage {
  items: Array<{ id: string; email: string; role: string }>;
  nextCursor: string | null;
}

/** Turns a route pattern into a concrete path: every parameter gets a plausible value. */
function concretePath(pattern: string): string {
  return pattern.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "usr_doesnotexist00000000");
}

Deno.test("everything under /v1/admin is denied unless the caller is an admin", async (t) => {
  const h = await createHarness();
  try {
    const creator = await signUpUser(h, { role: "creator" });
    const investor = await signUpUser(h, { role: "investor" });
    const admin = await signUpUser(h, { role: "admin" });
    // The route table lists a route once per handler (validators included): keep one of each.
    const adminRoutes = [
      ...new Map(
        h.app.routes
          .filter((r) => r.path.startsWith("/v1/admin/") && r.method !== "ALL")
          .map((r) => [`${r.method} ${r.path}`, r]),
      ).values(),
    ];
    assert.ok(adminRoutes.length >= 2, "the route table lists the admin routes");

    for (const route of adminRoutes) {
      await t.step(`${route.method} ${route.path}`, async () => {
        const path = concretePath(route.path);
        const body = ["POST", "PUT", "PATCH"].includes(route.method) ? {} : undefined;
        const anonymous = await h.app.request(path, jsonRequest(route.method, body));
        await assertProblem(anonymous, 401, "unauthorized");
        for (const user of [creator, investor]) {
          const response = await h.app.request(path, jsonRequest(route.method, body, user.token));
          await assertProblem(response, 403, "forbidden");
        }
        const allowed = await h.app.request(path, jsonRequest(route.method, body, admin.token));
        await allowed.body?.cancel();
        assert.ok(![401, 403].includes(allowed.status), `admin got ${allowed.status}`);
      });
    }

    await t.step(
      "an unknown path under /v1/admin is 401 for anonymous callers, not 404",
      async () => {
        await assertProblem(await h.app.request("/v1/admin/secret-thing"), 401, "unauthorized");
      },
    );
  } finally {
    await h.close();
  }
});

Deno.test("admin user management", async (t) => {
  const h = await createHarness();
  try {
    const admin = await signUpUser(h, { role: "admin" });
    const created: TestUser[] = [];
    for (let i = 0; i < 7; i++) {
      // Two share a timestamp so the id tie-break of the keyset is exercised too.
      if (i !== 3) h.clock.advance(1_000);
      created.push(await signUpUser(h, { role: i % 2 ? "investor" : "creator" }));
    }

    await t.step("GET /v1/admin/users pages through every user once, newest first", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : "";
        const page: UsersPage = await expectJson<UsersPage>(
          await h.app.request(`/v1/admin/users?limit=3${query}`, bearer(admin.token)),
          200,
        );
        assert.ok(page.items.length <= 3);
        seen.push(...page.items.map((u) => u.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length, "no user twice");
      for (const user of [admin, ...created]) assert.ok(seen.includes(user.id), user.id);
      assert.equal(seen[0], created.at(-1)!.id, "newest first");
    });

    await t.step("filters by role and by a search string", async () => {
      const investors = await expectJson<UsersPage>(
        await h.app.request("/v1/admin/users?role=investor&limit=100", bearer(admin.token)),
        200,
      );
      assert.ok(investors.items.length >= 3 && investors.items.every((u) => u.role === "investor"));
      const one = await expectJson<UsersPage>(
        await h.app.request(
          `/v1/admin/users?q=${encodeURIComponent(created[2]!.email)}`,
          bearer(admin.token),
        ),
        200,
      );
      assert.deepEqual(one.items.map((u) => u.id), [created[2]!.id]);
    });

    await t.step("a forged cursor is a 400, a bad limit a 422", async () => {
      await assertProblem(
        await h.app.request("/v1/admin/users?cursor=bm90LW91cnM", bearer(admin.token)),
        400,
        "bad-request",
      );
      await assertProblem(
        await h.app.request("/v1/admin/users?limit=0", bearer(admin.token)),
        422,
        "validation-failed",
      );
    });

    await t.step("a role change applies on the user's next request", async () => {
      const user = created[0]!;
      await assertProblem(
        await h.app.request("/v1/admin/users", bearer(user.token)),
        403,
        "forbidden",
      );
      const changed = await expectJson<{ role: string }>(
        await h.app.request(
          `/v1/admin/users/${user.id}`,
          jsonRequest("PATCH", { role: "admin" }, admin.token),
        ),
        200,
      );
      assert.equal(changed.role, "admin");
      await expectJson(await h.app.request("/v1/admin/users", bearer(user.token)), 200);
    });

    await t.step("an admin cannot demote themselves; unknown users are 404", async () => {
      await assertProblem(
        await h.app.request(
          `/v1/admin/users/${admin.id}`,
          jsonRequest("PATCH", { role: "creator" }, admin.token),
        ),
        403,
        "forbidden",
      );
      await assertProblem(
        await h.app.request(
          "/v1/admin/users/usr_nobody",
          jsonRequest("PATCH", { role: "creator" }, admin.token),
        ),
        404,
        "not-found",
      );
    });
  } finally {
    await h.close();
  }
});
