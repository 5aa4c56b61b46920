import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { apiKeys, oneTimeTokens, sessions } from "../../src/db/tables/credentials.ts";
import { users } from "../../src/db/tables/users.ts";
import { SESSION_COOKIE } from "../../src/http/auth/session_cookie.ts";
import { bearer, jsonRequest, markEmailVerified, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness, type Harness, TEST_ORIGIN } from "../support/harness.ts";

interface Account {
  id: string;
  email: string;
  name: string;
  role: string;
  bio: string | null;
  avatarUrl: string | null;
  emailVerified: boolean;
  createdAt: string;
  updatedAt: string;
}

const ACCOUNT_FIELDS = [
  "avatarUrl",
  "bio",
  "createdAt",
  "email",
  "emailVerified",
  "id",
  "name",
  "role",
  "updatedAt",
];

function cookie(token: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { ...init.headers, cookie: `${SESSION_COOKIE}=${token}` } };
}

function patchMe(body: unknown, token?: string): RequestInit {
  return jsonRequest("PATCH", body, token);
}

/** The JSON pointers of a 422 problem's field errors, sorted. */
async function invalidPointers(response: Response): Promise<string[]> {
  const problem = await assertProblem(response, 422, "validation-failed");
  const errors = problem.errors as Array<{ pointer: string; detail: string }>;
  return errors.map((e) => e.pointer).sort();
}

async function createKey(h: Harness, token: string, scopes: string[]): Promise<string> {
  const response = await h.app.request(
    "/v1/me/api-keys",
    jsonRequest("POST", { name: "test", scopes }, token),
  );
  return (await expectJson<{ key: string }>(response, 201)).key;
}

Deno.test("GET and PATCH /v1/me", async (t) => {
  const h = await createHarness();
  try {
    const user = await signUpUser(h, { name: "Ada Lovelace" });

    await t.step("GET /v1/me with a bearer session returns the account", async () => {
      const account = await expectJson<Account>(
        await h.app.request("/v1/me", bearer(user.token)),
        200,
      );
      assert.deepEqual(Object.keys(account).sort(), ACCOUNT_FIELDS, JSON.stringify(account));
      assert.equal(account.id, user.id);
      assert.equal(account.email, user.email);
      assert.equal(account.name, "Ada Lovelace");
      assert.equal(account.role, "creator");
      assert.equal(account.bio, null);
      assert.equal(account.emailVerified, false);
    });

    await t.step("GET /v1/me with the session cookie returns the same account", async () => {
      const account = await expectJson<Account>(
        await h.app.request("/v1/me", cookie(user.token)),
        200,
      );
      assert.equal(account.id, user.id, JSON.stringify(account));
    });

    await t.step("GET /v1/me without a credential is a 401 problem", async () => {
      const response = await h.app.request("/v1/me");
      assert.equal(response.headers.get("www-authenticate"), "Bearer");
      await assertProblem(response, 401, "unauthorized");
    });

    await t.step("GET /v1/me with a made-up token is a 401 problem", async () => {
      await assertProblem(await h.app.request("/v1/me", bearer("ps_madeup")), 401, "unauthorized");
    });

    await t.step("PATCH /v1/me changes name, bio and avatar and bumps updatedAt", async () => {
      const before = await expectJson<Account>(
        await h.app.request("/v1/me", bearer(user.token)),
        200,
      );
      h.clock.advance(60_000);
      const changes = {
        name: "  Ada King  ",
        bio: "Analyst of engines",
        avatarUrl: "https://cdn.example.com/ada.png",
      };
      const account = await expectJson<Account>(
        await h.app.request("/v1/me", patchMe(changes, user.token)),
        200,
      );
      assert.equal(account.name, "Ada King", "name is trimmed");
      assert.equal(account.bio, changes.bio);
      assert.equal(account.avatarUrl, changes.avatarUrl);
      assert.equal(account.updatedAt, new Date(h.clock.now()).toISOString());
      assert.equal(account.createdAt, before.createdAt);
      assert.equal(account.email, before.email);
      const again = await expectJson<Account>(
        await h.app.request("/v1/me", bearer(user.token)),
        200,
      );
      assert.deepEqual(again, account);
    });

    await t.step("PATCH /v1/me with null clears bio and avatar, leaving the name", async () => {
      const account = await expectJson<Account>(
        await h.app.request("/v1/me", patchMe({ bio: null, avatarUrl: null }, user.token)),
        200,
      );
      assert.deepEqual([account.name, account.bio, account.avatarUrl], ["Ada King", null, null]);
    });

    await t.step("PATCH /v1/me with {} is a no-op 200 that keeps updatedAt", async () => {
      const before = await expectJson<Account>(
        await h.app.request("/v1/me", bearer(user.token)),
        200,
      );
      h.clock.advance(60_000);
      const account = await expectJson<Account>(
        await h.app.request("/v1/me", patchMe({}, user.token)),
        200,
      );
      assert.deepEqual(account, before);
    });

    await t.step("PATCH /v1/me refuses protected and unknown fields with 422", async () => {
      const body = {
        role: "admin",
        email: "evil@example.com",
        plan: "pro",
        id: "usr_other",
        nickname: "x",
      };
      const response = await h.app.request("/v1/me", patchMe(body, user.token));
      const problem = await assertProblem(response, 422, "validation-failed");
      const errors = problem.errors as Array<{ pointer: string; detail: string }>;
      assert.deepEqual(
        errors.map((e) => e.pointer).sort(),
        ["/email", "/id", "/nickname", "/plan", "/role"],
        JSON.stringify(problem),
      );
      assert.ok(errors.every((e) => e.detail === "Unknown field"), JSON.stringify(problem));
      const [row] = await h.deps.database.db.select().from(users).where(eq(users.id, user.id));
      assert.deepEqual([row?.role, row?.email], ["creator", user.email]);
    });

    await t.step("a protected field next to an allowed one changes nothing", async () => {
      const response = await h.app.request(
        "/v1/me",
        patchMe({ name: "X", role: "admin" }, user.token),
      );
      assert.deepEqual(await invalidPointers(response), ["/role"]);
      const [row] = await h.deps.database.db.select().from(users).where(eq(users.id, user.id));
      assert.deepEqual([row?.name, row?.role], ["Ada King", "creator"]);
    });

    await t.step("PATCH /v1/me refuses an avatarUrl that is not an https URL", async () => {
      const bad = [
        "http://cdn.example.com/ada.png",
        "not a url",
        "javascript:alert(1)",
        "https:cdn.example.com/ada.png",
        "https://cdn.exa\nmple.com/ada.png",
        "https://cdn.example.com/ada one.png",
        "https://localhost/ada.png",
        `https://cdn.example.com/${"a".repeat(2048)}`,
        42,
      ];
      for (const avatarUrl of bad) {
        const response = await h.app.request("/v1/me", patchMe({ avatarUrl }, user.token));
        assert.deepEqual(await invalidPointers(response), ["/avatarUrl"], String(avatarUrl));
      }
    });

    await t.step("PATCH /v1/me refuses a blank or long name and a long bio", async () => {
      const cases: Array<[unknown, string[]]> = [
        [{ name: "   " }, ["/name"]],
        [{ name: "n".repeat(101) }, ["/name"]],
        [{ name: null }, ["/name"]],
        [{ bio: "b".repeat(2001) }, ["/bio"]],
        [["not", "an", "object"], [""]],
      ];
      for (const [body, pointers] of cases) {
        const response = await h.app.request("/v1/me", patchMe(body, user.token));
        assert.deepEqual(await invalidPointers(response), pointers, JSON.stringify(body));
      }
      const response = await h.app.request(
        "/v1/me",
        patchMe({ bio: "b".repeat(2000) }, user.token),
      );
      assert.equal((await expectJson<Account>(response, 200)).bio?.length, 2000);
    });

    await t.step("PATCH /v1/me without a credential is a 401 before validation", async () => {
      const response = await h.app.request("/v1/me", patchMe({ role: "admin" }));
      await assertProblem(response, 401, "unauthorized");
    });

    await t.step("a cookie-session PATCH needs an allowed Origin (CSRF)", async () => {
      const body = { name: "Cookie Ada" };
      const noOrigin = await h.app.request("/v1/me", cookie(user.token, patchMe(body)));
      await assertProblem(noOrigin, 403, "forbidden");
      const foreign = await h.app.request(
        "/v1/me",
        cookie(user.token, {
          ...patchMe(body),
          headers: { "content-type": "application/json", origin: "https://evil.example" },
        }),
      );
      await assertProblem(foreign, 403, "forbidden");
      const allowed = await h.app.request(
        "/v1/me",
        cookie(user.token, {
          ...patchMe(body),
          headers: { "content-type": "application/json", origin: TEST_ORIGIN },
        }),
      );
      assert.equal((await expectJson<Account>(allowed, 200)).name, "Cookie Ada");
    });

    await t.step("a read-only API key may read but not PATCH /v1/me", async () => {
      await markEmailVerified(h, user.id);
      const key = await createKey(h, user.token, ["read"]);
      const read = await expectJson<Account>(await h.app.request("/v1/me", bearer(key)), 200);
      assert.equal(read.id, user.id);
      const response = await h.app.request("/v1/me", patchMe({ name: "By key" }, key));
      await assertProblem(response, 403, "forbidden");
    });

    await t.step("a read+write API key may PATCH /v1/me", async () => {
      const key = await createKey(h, user.token, ["read", "write"]);
      const response = await h.app.request("/v1/me", patchMe({ name: "By key" }, key));
      assert.equal((await expectJson<Account>(response, 200)).name, "By key");
    });
  } finally {
    await h.close();
  }
});

Deno.test("GET /v1/users/{id}", async (t) => {
  const h = await createHarness();
  try {
    const user = await signUpUser(h, { role: "investor", verified: true });

    await t.step("anyone may read a public profile, which never has the email", async () => {
      const response = await h.app.request(`/v1/users/${user.id}`);
      const text = await response.text();
      assert.equal(response.status, 200, text);
      const profile = JSON.parse(text) as Record<string, unknown>;
      assert.deepEqual(
        Object.keys(profile).sort(),
        ["avatarUrl", "bio", "createdAt", "id", "name", "role"],
        text,
      );
      assert.deepEqual([profile.id, profile.name, profile.role], [user.id, user.name, "investor"]);
      assert.ok(!text.includes(user.email), text);
    });

    await t.step("a signed-in caller sees the same profile", async () => {
      const other = await signUpUser(h, { verified: true });
      const profile = await expectJson(
        await h.app.request(`/v1/users/${user.id}`, bearer(other.token)),
        200,
      );
      assert.equal(profile.id, user.id);
      assert.equal(profile.email, undefined);
    });

    await t.step("an unknown id is a 404 problem naming it", async () => {
      const problem = await assertProblem(
        await h.app.request("/v1/users/usr_doesnotexist"),
        404,
        "not-found",
      );
      assert.match(problem.detail, /"usr_doesnotexist"/);
    });
  } finally {
    await h.close();
  }
});

Deno.test("DELETE /v1/me", async (t) => {
  const h = await createHarness();
  try {
    const user = await signUpUser(h, { verified: true });
    const bystander = await signUpUser(h, { verified: true });
    const login = await h.app.request(
      "/v1/auth/login",
      jsonRequest("POST", { email: user.email, password: user.password }),
    );
    const second = (await expectJson<{ session: { token: string } }>(login, 200)).session.token;
    const readKey = await createKey(h, user.token, ["read"]);
    const writeKey = await createKey(h, user.token, ["read", "write"]);
    const tokens = [user.token, second, readKey, writeKey];

    await t.step("without a credential it is a 401 problem", async () => {
      await assertProblem(await h.app.request("/v1/me", { method: "DELETE" }), 401, "unauthorized");
    });

    await t.step("an API key cannot delete the account (403), read-only or not", async () => {
      for (const key of [readKey, writeKey]) {
        const response = await h.app.request("/v1/me", jsonRequest("DELETE", undefined, key));
        await assertProblem(response, 403, "forbidden");
      }
    });

    await t.step("a cookie session without an allowed Origin cannot delete it (403)", async () => {
      const response = await h.app.request("/v1/me", cookie(user.token, { method: "DELETE" }));
      await assertProblem(response, 403, "forbidden");
    });

    await t.step("every credential of the account works before the delete", async () => {
      // Each is now in the principal cache: the delete must evict them, not wait for expiry.
      for (const token of tokens) {
        await expectJson(await h.app.request("/v1/me", bearer(token)), 200);
      }
    });

    await t.step("a session deletes the account: 204 and the cookie is cleared", async () => {
      const response = await h.app.request("/v1/me", jsonRequest("DELETE", undefined, user.token));
      const text = await response.text();
      assert.equal(response.status, 204, text);
      assert.match(response.headers.get("set-cookie") ?? "", /pitchey_session=;.*Max-Age=0/);
    });

    await t.step("every session and API key of the account is a 401 at once", async () => {
      for (const token of tokens) {
        await assertProblem(await h.app.request("/v1/me", bearer(token)), 401, "unauthorized");
      }
    });

    await t.step("the user is gone: its public profile is a 404", async () => {
      await assertProblem(await h.app.request(`/v1/users/${user.id}`), 404, "not-found");
    });

    await t.step("no row of the account is left in any table", async () => {
      const db = h.deps.database.db;
      assert.equal((await db.select().from(users).where(eq(users.id, user.id))).length, 0);
      assert.equal(
        (await db.select().from(sessions).where(eq(sessions.userId, user.id))).length,
        0,
      );
      assert.equal((await db.select().from(apiKeys).where(eq(apiKeys.userId, user.id))).length, 0);
      const tokensLeft = await db.select().from(oneTimeTokens)
        .where(eq(oneTimeTokens.userId, user.id));
      assert.equal(tokensLeft.length, 0);
    });

    await t.step("other accounts are untouched", async () => {
      const account = await expectJson(await h.app.request("/v1/me", bearer(bystander.token)), 200);
      assert.equal(account.id, bystander.id);
    });

    await t.step("a cookie session with an allowed Origin may delete its account", async () => {
      const response = await h.app.request(
        "/v1/me",
        cookie(bystander.token, { method: "DELETE", headers: { origin: TEST_ORIGIN } }),
      );
      assert.equal(response.status, 204, await response.text());
      await assertProblem(
        await h.app.request("/v1/me", bearer(bystander.token)),
        401,
        "unauthorized",
      );
    });
  } finally {
    await h.close();
  }
});
