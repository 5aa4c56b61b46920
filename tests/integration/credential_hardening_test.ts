import assert from "node:assert/strict";
import { bearer, fromIp, signUpUser } from "../support/accounts.ts";
import { createRemoteStoreFake } from "../support/cache_stores.ts";
import { createHarness, TEST_ORIGIN } from "../support/harness.ts";
import { ManualClock } from "../support/manual_clock.ts";
import { createPitch } from "../support/pitches.ts";
import { SESSION_COOKIE } from "../../src/http/auth/session_cookie.ts";

const cookieOf = (token: string) => ({ cookie: `${SESSION_COOKIE}=${token}` });

Deno.test("made-up credentials cost the caller's address budget", async (t) => {
  const remote = createRemoteStoreFake({ clock: new ManualClock(Date.now()) });
  const h = await createHarness({ rateLimits: { anonymousPerMinute: 20 }, lowerTiers: [remote] });
  try {
    await t.step(
      "random bearer tokens from one address are refused with 429 past the limit",
      async () => {
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++) {
          const response = await h.app.request(
            "/v1/pitches",
            bearer(`ps_${crypto.randomUUID()}`),
            fromIp("203.0.113.7"),
          );
          statuses.push(response.status);
          await response.body?.cancel();
        }
        assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401), statuses.join(","));
        assert.deepEqual(statuses.slice(20), Array(20).fill(429), statuses.join(","));
      },
    );

    await t.step("a malformed Authorization header counts the same way", async () => {
      const response = await h.app.request(
        "/v1/pitches",
        { headers: { authorization: "Basic abc" } },
        fromIp("203.0.113.7"),
      );
      assert.equal(response.status, 429, await response.text());
    });

    await t.step("a made-up token's 'not found' never reaches the shared tier", () => {
      const shared = [...remote.entries.keys()].filter((key) => key.startsWith("principal:"));
      assert.deepEqual(shared, []);
    });
  } finally {
    await h.close();
  }
});

Deno.test("a dead session cookie does not lock the browser out", async (t) => {
  const h = await createHarness();
  try {
    const user = await signUpUser(h);
    const dead = `ps_${crypto.randomUUID().replaceAll("-", "")}`;

    await t.step("login and sign-up ignore an invalid cookie", async () => {
      const login = await h.app.request("/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", ...cookieOf(dead) },
        body: JSON.stringify({ email: user.email, password: user.password }),
      });
      assert.equal(login.status, 200, await login.text());
      const signup = await h.app.request("/v1/auth/signup", {
        method: "POST",
        headers: { "content-type": "application/json", ...cookieOf(dead) },
        body: JSON.stringify({
          email: `dead-cookie-${crypto.randomUUID()}@example.com`,
          password: "a long enough password",
          name: "Dee",
          role: "investor",
        }),
      });
      assert.equal(signup.status, 201, await signup.text());
    });

    await t.step("a 401 caused by a cookie expires the cookie", async () => {
      const response = await h.app.request("/v1/me", { headers: cookieOf(dead) });
      assert.equal(response.status, 401, await response.text());
      const setCookie = response.headers.get("set-cookie") ?? "";
      assert.match(setCookie, new RegExp(`^${SESSION_COOKIE}=;`), setCookie);
      assert.match(setCookie, /Max-Age=0/, setCookie);
    });

    await t.step("a 401 caused by a bearer token sets no cookie", async () => {
      const response = await h.app.request("/v1/me", bearer(dead));
      assert.equal(response.status, 401, await response.text());
      assert.equal(response.headers.get("set-cookie"), null);
    });

    await t.step("the cookie's lifetime slides with the session's expiry", async () => {
      const fresh = await h.app.request("/v1/me", { headers: cookieOf(user.token) });
      assert.equal(fresh.status, 200, await fresh.text());
      assert.equal(fresh.headers.get("set-cookie"), null, "no rewrite before the touch interval");
      h.clock.advance(2 * 60 * 60_000);
      const later = await h.app.request("/v1/me", { headers: cookieOf(user.token) });
      assert.equal(later.status, 200, await later.text());
      const setCookie = later.headers.get("set-cookie") ?? "";
      const expires = /Expires=([^;]+)/.exec(setCookie)?.[1];
      assert.ok(expires, `no Expires in: ${setCookie}`);
      const slid = Date.parse(expires) - h.clock.now();
      assert.ok(Math.abs(slid - 30 * 24 * 60 * 60_000) < 2_000, `expires in ${slid} ms`);
    });

    // The hot reads answer with Responses built outside Hono's context (`json_answer.ts`), which
    // drop a header put on the context before the handler: the slide must reach them anyway.
    await t.step("the cookie slides on the hot reads and their 304s too", async () => {
      const pitch = await createPitch(h, user.token);
      let etag = "";
      for (
        const [path, conditional] of [
          [`/v1/pitches/${pitch.id}`, false],
          [`/v1/pitches/${pitch.id}`, true],
          ["/v1/pitches?limit=5", false],
          ["/v1/me/entitlements", false],
          ["/health", false],
        ] as const
      ) {
        h.clock.advance(2 * 60 * 60_000);
        const headers = {
          ...cookieOf(user.token),
          ...(conditional ? { "if-none-match": etag } : {}),
        };
        const response = await h.app.request(path, { headers });
        await response.body?.cancel();
        assert.equal(response.status, conditional ? 304 : 200, path);
        etag = response.headers.get("etag") ?? etag;
        const cookies = response.headers.getSetCookie();
        assert.equal(cookies.length, 1, `${path}: ${cookies.join(" | ")}`);
        const expires = /Expires=([^;]+)/.exec(cookies[0]!)?.[1];
        assert.ok(expires, `${path}: no Expires in ${cookies[0]}`);
        const slid = Date.parse(expires) - h.clock.now();
        assert.ok(Math.abs(slid - 30 * 24 * 60 * 60_000) < 2_000, `${path}: expires in ${slid} ms`);
      }
    });

    await t.step("a sign-out's expired cookie is not replaced by the slide", async () => {
      h.clock.advance(2 * 60 * 60_000);
      const response = await h.app.request("/v1/auth/logout", {
        method: "POST",
        headers: { ...cookieOf(user.token), origin: TEST_ORIGIN },
      });
      await response.body?.cancel();
      assert.equal(response.status, 204);
      const cookies = response.headers.getSetCookie();
      assert.equal(cookies.length, 1, cookies.join(" | "));
      assert.match(cookies[0]!, new RegExp(`^${SESSION_COOKIE}=;`), cookies[0]!);
      assert.match(cookies[0]!, /Max-Age=0/, cookies[0]!);
    });
  } finally {
    await h.close();
  }
});
