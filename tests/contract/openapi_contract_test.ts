import assert from "node:assert/strict";
import { createQstashSignatureVerifier } from "../../src/adapters/queue/qstash_signature_verifier.ts";
import { signUnsubscribeToken } from "../../src/services/email/unsubscribe_token.ts";
import { jsonRequest, randomUser, signUpUser, type TestUser } from "../support/accounts.ts";
import { expectJson } from "../support/assertions.ts";
import { recordDeadLetter } from "../support/failed_jobs.ts";
import { signQstashJwt } from "../support/fakes/qstash_fake.ts";
import { createHarness, type Harness, TEST_ORIGIN, TEST_PUBLIC_URL } from "../support/harness.ts";
import { linkToken } from "../support/mail_links.ts";
import { createContractChecker, type DocumentLike } from "../support/openapi_contract.ts";
import { createPitch, randomPitch } from "../support/pitches.ts";

/**
 * Representative traffic for every operation in `/openapi.json`, successes and the main errors,
 * each response checked against the document (status, content type, body schema, required
 * headers) as it happens. The last step fails on any documented operation nobody exercised.
 */
const JOB_KEYS = { currentSigningKey: `sig_${crypto.randomUUID()}`, nextSigningKey: "sig_next" };

Deno.test("every operation answers as /openapi.json documents it", async (t) => {
  const h = await createHarness({
    mailer: "dev",
    jobVerifier: createQstashSignatureVerifier(JOB_KEYS),
    // On, so RateLimit fields are on the answers, with a search budget small enough to spend.
    rateLimits: { anonymousPerMinute: 100_000, authPerMinute: 100_000, searchPerMinute: 2 },
  });
  const doc = await expectJson<DocumentLike>(await h.app.request("/openapi.json"), 200);
  const checker = createContractChecker(doc);
  checker.observe(h.app);
  const send = sender(h);
  try {
    const creator = await signUpUser(h, { role: "creator", verified: true });
    const investor = await signUpUser(h, { role: "investor", verified: true });
    const admin = await signUpUser(h, { role: "admin", verified: true });

    await t.step("health", async () => {
      await send("GET", "/health", {}, 200);
      await send("GET", "/health/ready", {}, 200);
      await send("GET", "/health", { token: "ps_not-a-session" }, 401);
      await send("GET", "/health/detailed", { token: admin.token }, 200);
      await send("GET", "/health/detailed", { token: investor.token }, 403);
      await send("GET", "/health/detailed", {}, 401);
    });

    await t.step("auth", async () => {
      const input = randomUser();
      await send("POST", "/v1/auth/signup", { body: input }, 201);
      await send("POST", "/v1/auth/signup", { body: input }, 409);
      await send("POST", "/v1/auth/signup", { body: { ...input, role: "mogul" } }, 422);
      await send("POST", "/v1/auth/signup", { raw: "{not json", type: "application/json" }, 400);
      await send("POST", "/v1/auth/signup", { raw: "a=b", type: "text/plain" }, 415);
      const { email, password } = input;
      const login = await send("POST", "/v1/auth/login", { body: { email, password } }, 200);
      await send("POST", "/v1/auth/login", { body: { email, password: "wrong one!" } }, 401);
      const session = (login as { session: { token: string } }).session.token;
      await send("POST", "/v1/auth/verify-email/resend", { token: session }, 202);
      const verify = await linkToken(h, email, "welcome", "verify-email");
      await send("POST", "/v1/auth/verify-email", { body: { token: verify } }, 200);
      await send("POST", "/v1/auth/verify-email", { body: { token: "nope-nope" } }, 400);
      await send("POST", "/v1/auth/password-reset", { body: { email } }, 202);
      const reset = await linkToken(h, email, "password-reset", "reset-password");
      const newPassword = randomUser().password;
      await send("POST", "/v1/auth/password-reset/confirm", {
        body: { token: reset, password: newPassword },
      }, 200);
      await send("POST", "/v1/auth/password-reset/confirm", {
        body: { token: reset, password: newPassword },
      }, 400);
      const again = await send("POST", "/v1/auth/login", {
        body: { email, password: newPassword },
      }, 200) as { session: { token: string } };
      await send("POST", "/v1/auth/logout", { token: again.session.token }, 204);
      await send("POST", "/v1/auth/logout", { token: again.session.token }, 401);
    });

    await t.step("account", async () => {
      const user = await signUpUser(h);
      await send("GET", "/v1/me", { token: user.token }, 200);
      await send("GET", "/v1/me", {}, 401);
      await send("PATCH", "/v1/me", { token: user.token, body: { bio: "Writes films" } }, 200);
      await send("PATCH", "/v1/me", { token: user.token, body: { role: "admin" } }, 422);
      await send("PUT", "/v1/me/password", {
        token: user.token,
        body: { currentPassword: "not the password", newPassword: randomUser().password },
      }, 403);
      const changed = await send("PUT", "/v1/me/password", {
        token: user.token,
        body: { currentPassword: user.password, newPassword: randomUser().password },
      }, 200) as { session: { token: string } };
      await send("DELETE", "/v1/me", { token: changed.session.token }, 204);
      await send("GET", "/v1/users/{id}", { params: { id: user.id } }, 404);
    });

    await t.step("API keys", async () => {
      const unverified = await signUpUser(h);
      const body = { name: "ci", scopes: ["read"] };
      await send("POST", "/v1/me/api-keys", { token: unverified.token, body }, 403);
      const key = await send("POST", "/v1/me/api-keys", { token: creator.token, body }, 201) as {
        id: string;
        key: string;
      };
      await send("GET", "/v1/me/api-keys", { token: creator.token }, 200);
      await send("POST", "/v1/pitches", { token: key.key, body: randomPitch() }, 403);
      await send("DELETE", "/v1/me/api-keys/{id}", { token: creator.token, params: key }, 204);
      await send("DELETE", "/v1/me/api-keys/{id}", { token: creator.token, params: key }, 404);
    });

    await t.step("pitches", async () => {
      const token = creator.token;
      const minimal = { title: "Night shift", logline: "A nurse", genre: "drama", format: "short" };
      const draft = await send("POST", "/v1/pitches", { token, body: minimal }, 201) as Pitch;
      await send("POST", "/v1/pitches", { token, body: { ...minimal, status: "live" } }, 422);
      await send("POST", "/v1/pitches", { token: investor.token, body: minimal }, 403);
      const params = { id: draft.id };
      const read = await h.app.request(
        `/v1/pitches/${draft.id}`,
        jsonRequest("GET", undefined, token),
      );
      const etag = read.headers.get("etag") ?? "";
      await send(
        "GET",
        "/v1/pitches/{id}",
        { token, params, headers: { "if-none-match": etag } },
        304,
      );
      await send("GET", "/v1/pitches/{id}", { params }, 404);
      await send("PATCH", "/v1/pitches/{id}", { token, params, body: { tags: ["noir"] } }, 200);
      await send("PATCH", "/v1/pitches/{id}", {
        token,
        params,
        body: { tags: ["late"] },
        headers: { "if-match": etag },
      }, 412);
      await send("POST", "/v1/pitches/{id}/publish", { token, params }, 200);
      await send("GET", "/v1/pitches/{id}", { params }, 200);
      const page = await send("GET", "/v1/pitches", { query: { limit: "1" } }, 200) as {
        nextCursor: string | null;
      };
      if (page.nextCursor) {
        await send("GET", "/v1/pitches", { query: { limit: "1", cursor: page.nextCursor } }, 200);
      }
      await send("GET", "/v1/pitches", { query: { cursor: "forged" } }, 400);
      await send("GET", "/v1/pitches", { query: { limit: "1000" } }, 422);
      const listed = await h.app.request("/v1/pitches");
      const listTag = listed.headers.get("etag") ?? "";
      await send("GET", "/v1/pitches", { headers: { "if-none-match": listTag } }, 304);
      await send("GET", "/v1/me/pitches", { token }, 200);
      await send("POST", "/v1/pitches/{id}/boost", { token, params }, 200);
      await send("GET", "/v1/pitches/{id}/analytics", { token, params }, 403);
      await send("POST", "/v1/pitches/{id}/archive", { token, params }, 200);
      await send("DELETE", "/v1/pitches/{id}", { token, params }, 204);
      await send("DELETE", "/v1/pitches/{id}", { token, params }, 404);
    });

    await t.step("search budget: 429 with Retry-After", async () => {
      const search = () => h.app.request("/v1/pitches?q=night");
      for (let i = 0; i < 2; i++) assert.equal((await search()).status, 200);
      await send("GET", "/v1/pitches", { query: { q: "night" } }, 429);
      h.clock.advance(61_000);
    });

    await t.step("saves, follows, users", async () => {
      const pitch = await createPitch(h, creator.token);
      const token = investor.token;
      await send("PUT", "/v1/pitches/{id}/save", { token, params: pitch }, 204);
      await send("GET", "/v1/me/saved", { token }, 200);
      await send("DELETE", "/v1/pitches/{id}/save", { token, params: pitch }, 204);
      await send("PUT", "/v1/pitches/{id}/save", { params: pitch }, 401);
      const followed = { id: creator.id };
      await send("PUT", "/v1/users/{id}/follow", { token, params: followed }, 204);
      await send("GET", "/v1/me/following", { token }, 200);
      await send("GET", "/v1/me/feed", { token }, 200);
      await send("DELETE", "/v1/users/{id}/follow", { token, params: followed }, 204);
      await send("PUT", "/v1/users/{id}/follow", { token, params: { id: "u_missing" } }, 404);
      await send("GET", "/v1/users/{id}", { params: followed }, 200);
    });

    await t.step("plans, entitlements, billing, offline pages", async () => {
      const plans = await h.app.request("/v1/plans");
      await send("GET", "/v1/plans", {}, 200);
      const tag = plans.headers.get("etag") ?? "";
      await send("GET", "/v1/plans", { headers: { "if-none-match": tag } }, 304);
      const buyer = await signUpUser(h, { verified: true });
      const token = buyer.token;
      await send("GET", "/v1/me/entitlements", { token }, 200);
      await send("POST", "/v1/entitlements/check", { token, body: { feature: "boosts" } }, 200);
      await send("POST", "/v1/entitlements/check", { token, body: { feature: "x" } }, 422);
      await send("POST", "/v1/billing/portal", { token }, 409);
      const plan = { plan: "pro", interval: "month" };
      await send("POST", "/v1/billing/change-plan", { token, body: plan }, 409);
      const checkout = new URL(
        (await send("POST", "/v1/billing/checkout", { token, body: plan }, 200) as Hosted).url,
      );
      const sessionId = checkout.pathname.split("/").pop()!;
      await send("GET", "/dev/checkout/{sessionId}", { params: { sessionId } }, 302);
      await send("GET", "/dev/checkout/{sessionId}", { params: { sessionId: "cs_nope" } }, 404);
      await h.deps.background.drain();
      const portal = new URL(
        (await send("POST", "/v1/billing/portal", { token }, 200) as Hosted).url,
      );
      await send("GET", "/dev/portal/{customerId}", {
        params: { customerId: portal.pathname.split("/").pop()! },
      }, 200);
      await send("GET", "/dev/portal/{customerId}", { params: { customerId: "cus_nope" } }, 404);
      await send("POST", "/v1/billing/change-plan", {
        token,
        body: { plan: "studio", interval: "year" },
      }, 202);
      await send("GET", "/dev/mail", {}, 200);
    });

    await t.step("exports", async () => {
      const token = creator.token;
      const requested = await send("POST", "/v1/me/exports", {
        token,
        body: { kind: "pitch-performance" },
      }, 202) as { id: string };
      await send("POST", "/v1/me/exports", { token, body: { kind: "nope" } }, 422);
      await h.deps.background.drain();
      await send("GET", "/v1/me/exports", { token }, 200);
      await send("GET", "/v1/me/exports/{id}", { token, params: requested }, 200);
      await send("GET", "/v1/me/exports/{id}/download", { token, params: requested }, 200);
      await send("GET", "/v1/me/exports/{id}", { token: investor.token, params: requested }, 404);
    });

    await t.step("email unsubscribe", async () => {
      const token = await signUnsubscribeToken({
        ctx: h.deps,
        input: { userId: investor.id, category: "weekly-digest" },
      });
      await send("GET", "/v1/email/unsubscribe", { query: { token } }, 200);
      await send("POST", "/v1/email/unsubscribe", { query: { token } }, 200);
      await send("GET", "/v1/email/unsubscribe", { query: { token: "forged" } }, 400);
    });

    await t.step("admin", async () => {
      const token = admin.token;
      await send("GET", "/v1/admin/users", { token }, 200);
      await send("GET", "/v1/admin/users", { token: investor.token }, 403);
      const target = await signUpUser(h);
      await send("PATCH", "/v1/admin/users/{id}", {
        token,
        params: target,
        body: { role: "investor" },
      }, 200);
      await send(
        "PATCH",
        "/v1/admin/users/{id}",
        { token, params: target, body: { role: "x" } },
        422,
      );
      const failed = await recordDeadLetter(h, emailJob());
      await send("GET", "/v1/admin/jobs/failed", { token }, 200);
      await send(
        "POST",
        "/v1/admin/jobs/failed/{id}/retry",
        { token, params: { id: failed } },
        202,
      );
      await send(
        "POST",
        "/v1/admin/jobs/failed/{id}/retry",
        { token, params: { id: failed } },
        409,
      );
      await send("DELETE", "/v1/admin/jobs/failed/{id}", { token, params: { id: failed } }, 409);
      const other = await recordDeadLetter(h, emailJob());
      await send("DELETE", "/v1/admin/jobs/failed/{id}", { token, params: { id: other } }, 204);
      const missing = { id: "fjb_missing" };
      await send("DELETE", "/v1/admin/jobs/failed/{id}", { token, params: missing }, 404);

      await send("GET", "/v1/admin/users/{id}", { token, params: target }, 200);
      await send("GET", "/v1/admin/users/{id}", { token, params: { id: "usr_missing" } }, 404);
      await send("GET", "/v1/admin/users/{id}", { token: investor.token, params: target }, 403);
      const lookup = "/v1/admin/users/lookup";
      await send("GET", lookup, { token, query: { email: target.email.toUpperCase() } }, 200);
      await send("GET", lookup, { token, query: { email: "nobody@example.com" } }, 404);
      await send("GET", lookup, { token, query: { email: "not-an-email" } }, 422);
      const suspend = "/v1/admin/users/{id}/suspend";
      const unsuspend = "/v1/admin/users/{id}/unsuspend";
      await send("POST", suspend, { token, params: target, body: { reason: "Spam reports" } }, 200);
      await send("POST", suspend, { token, params: target, body: { reason: "Again" } }, 409);
      await send("POST", suspend, { token, params: { id: admin.id }, body: { reason: "Me" } }, 403);
      await send("POST", suspend, { token, params: target, body: {} }, 422);
      await send("POST", unsuspend, { token, params: target }, 200);
      await send("POST", unsuspend, { token, params: target }, 409);
      await send("POST", unsuspend, { token, params: { id: "usr_missing" } }, 404);

      const pitch = await createPitch(h, creator.token);
      const hide = "/v1/admin/pitches/{id}/hide";
      const unhide = "/v1/admin/pitches/{id}/unhide";
      await send("POST", hide, { token, params: pitch, body: { reason: "Copyright claim" } }, 200);
      await send("POST", hide, { token, params: pitch, body: { reason: "Again" } }, 409);
      await send(
        "POST",
        hide,
        { token, params: { id: "pit_missing" }, body: { reason: "x" } },
        404,
      );
      await send("POST", unhide, { token, params: pitch }, 200);
      await send("POST", unhide, { token, params: pitch }, 409);
    });

    await t.step("queue deliveries and payment webhooks", async () => {
      const job = JSON.stringify(emailJob());
      await send("POST", "/jobs/{name}", { params: { name: "send-email" }, raw: job }, 401);
      const signature = await signQstashJwt({
        key: JOB_KEYS.currentSigningKey,
        destination: `${TEST_PUBLIC_URL}/jobs/send-email`,
        body: job,
      });
      await send("POST", "/jobs/{name}", {
        params: { name: "send-email" },
        raw: job,
        headers: { "upstash-signature": signature, "upstash-message-id": "msg_contract_1" },
      }, 200);
      await send("POST", "/jobs/_failed", { raw: "{}" }, 401);
      await send(
        "POST",
        "/webhooks/stripe",
        { raw: "{}", headers: { "stripe-signature": "x" } },
        400,
      );
    });

    await t.step("cookie-authenticated changes need an allowed Origin", async () => {
      const cookie = `pitchey_session=${creator.token}`;
      await send("PATCH", "/v1/me", {
        body: { bio: "from the app" },
        headers: { cookie, origin: TEST_ORIGIN },
      }, 200);
      await send("PATCH", "/v1/me", {
        body: { bio: "from elsewhere" },
        headers: { cookie, origin: "https://evil.example" },
      }, 403);
    });

    await t.step("every documented operation was exercised", () => {
      assert.deepEqual(checker.unexercised(), []);
    });
  } finally {
    await h.close();
  }
});

interface Pitch {
  id: string;
}
interface Hosted {
  url: string;
}
interface SendOptions {
  token?: string;
  params?: Record<string, string> | TestUser | { id: string };
  query?: Record<string, string>;
  body?: unknown;
  /** A body sent as is, with `type` as its content type (JSON by default). */
  raw?: string;
  type?: string;
  headers?: Record<string, string>;
}

/**
 * `send(method, template, options, status)`: fills the template, sends the request, and asserts
 * the status (the observer has checked the answer against the document by then). Returns the
 * JSON body. When a rate-limit budget runs low it moves the clock past the window, so the suite
 * is not refused for its own volume.
 */
function sender(h: Harness) {
  return async (method: string, template: string, options: SendOptions, status: number) => {
    const params = (options.params ?? {}) as Record<string, string>;
    let path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[name];
      assert.ok(value, `no value for {${name}} in ${template}`);
      return encodeURIComponent(value);
    });
    if (options.query) path += `?${new URLSearchParams(options.query)}`;
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers["content-type"] = options.type ?? "application/json";
    const response = await h.app.request(path, { method, headers, body });
    const text = await response.text();
    assert.equal(response.status, status, `${method} ${path}: ${text}`);
    const remaining = [...(response.headers.get("ratelimit") ?? "").matchAll(/;r=(\d+)/g)]
      .map((match) => Number(match[1]));
    if (remaining.some((left) => left < 10)) h.clock.advance(61_000);
    return text && /json/.test(response.headers.get("content-type") ?? "")
      ? JSON.parse(text)
      : text;
  };
}

function emailJob() {
  const tag = crypto.randomUUID().slice(0, 8);
  return { to: `contract-${tag}@example.test`, subject: tag, text: tag, tag: "welcome" };
}
