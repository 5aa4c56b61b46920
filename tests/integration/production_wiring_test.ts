import assert from "node:assert/strict";
import { Redis } from "ioredis";
import Stripe from "stripe";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/load_config.ts";
import { closeDeps, createDeps } from "../../src/deps.ts";
import { jsonRequest, randomUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { signQstashJwt, startQstashFake } from "../support/fakes/qstash_fake.ts";
import { startResendFake } from "../support/fakes/resend_fake.ts";
import { startStripeFake } from "../support/fakes/stripe_fake.ts";
import { startUpstashRestFake } from "../support/fakes/upstash_rest_fake.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";
import { randomPitch } from "../support/pitches.ts";
import {
  stripeCheckoutSession,
  stripeEvent,
  stripeSubscription,
} from "../support/stripe_fixtures.ts";
import { createTestDatabase } from "../support/test_database.ts";

const redisUrl = Deno.env.get("TEST_REDIS_URL");
const qstashKeys = {
  token: `qstash_${crypto.randomUUID()}`,
  currentSigningKey: `sig_current_${crypto.randomUUID()}`,
  nextSigningKey: `sig_next_${crypto.randomUUID()}`,
};
const secretKey = "sk_test_51ProductionWiring0000";
const webhookSecret = "whsec_test_production_wiring";
const prices = Object.fromEntries(
  ["PRO_MONTH", "PRO_YEAR", "STUDIO_MONTH", "STUDIO_YEAR"]
    .map((id) => [`STRIPE_PRICE_${id}`, `price_wiring_${id.toLowerCase()}`]),
);
const redisToken = "production-wiring-upstash-token";
const resendKey = "re_test_production_wiring_key";
const keyPrefix = `test:wiring:${crypto.randomUUID()}:`;

Deno.test("createDeps wires the configured providers", async (t) => {
  // Delivers by itself, as QStash does; waits shrunk a thousandfold.
  const qstash = await startQstashFake({ ...qstashKeys, timeFactor: 0.001 });
  const stripe = await startStripeFake({ secretKey });
  const resend = await startResendFake({ apiKey: resendKey });
  const redis = redisUrl ? await startUpstashRestFake({ redisUrl, token: redisToken }) : undefined;
  // QStash calls back at PUBLIC_URL, which must be known before the app exists.
  const started = Promise.withResolvers<ReturnType<typeof createApp>>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req, info) => (await started.promise).fetch(req, info),
  );
  const publicUrl = `http://127.0.0.1:${server.addr.port}`;
  const config = loadConfig({
    PUBLIC_URL: publicUrl,
    PASSWORD_PBKDF2_ITERATIONS: "100000",
    QSTASH_URL: qstash.url,
    QSTASH_TOKEN: qstashKeys.token,
    QSTASH_CURRENT_SIGNING_KEY: qstashKeys.currentSigningKey,
    QSTASH_NEXT_SIGNING_KEY: qstashKeys.nextSigningKey,
    STRIPE_SECRET_KEY: secretKey,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: stripe.url,
    ...prices,
    MAIL_PROVIDER: "resend",
    RESEND_API_KEY: resendKey,
    RESEND_API_BASE: resend.url,
    MAIL_FROM: "Pitchey <hello@pitchey.example>",
    APP_SECRET: "production-wiring-app-secret-0123456789",
    ...(redis
      ? {
        UPSTASH_REDIS_REST_URL: redis.url,
        UPSTASH_REDIS_REST_TOKEN: redisToken,
        CACHE_KEY_PREFIX: keyPrefix,
        // The point is the wiring, not latency: on a loaded CI machine the production 250 ms
        // deadline can expire on a loopback ping and fail the health check below.
        CACHE_TIMEOUT_MS: "5000",
      }
      : {}),
  });
  const deps = await createDeps(config, {
    database: await createTestDatabase(),
    logger: createMemoryLogger("warn"),
  });
  const app = createApp(deps);
  started.resolve(app);
  const user = randomUser();
  let token = "";
  let userId = "";

  try {
    await t.step(
      "the environment selects QStash, Stripe, Resend and (with Redis) Upstash",
      async () => {
        assert.equal(deps.queue.name, "qstash");
        assert.ok(deps.jobVerifier, "QStash deliveries need a signature verifier");
        assert.equal(deps.payments.name, "stripe");
        assert.equal(deps.mailer.name, "resend");
        const routes = app.routes.map((r) => r.path);
        assert.ok(!routes.includes("/dev/mail"), "no dev mailbox next to a real provider");
        assert.equal(deps.rateLimiter.name, redis ? "batched-redis+redis+fallback" : "memory");
        const tiers = await deps.cache.health();
        const names = redis ? ["memory", "redis"] : ["memory"];
        assert.deepEqual(tiers.map((tier) => tier.tier), names, JSON.stringify(tiers));
        assert.ok(tiers.every((tier) => tier.ok), JSON.stringify(tiers));
      },
    );

    await t.step(
      "sign-up's welcome email goes through the outbox and QStash to Resend, keyed by the outbox id",
      async () => {
        const signup = await app.request("/v1/auth/signup", jsonRequest("POST", user));
        type Account = { user: { id: string }; session: { token: string } };
        const account = await expectJson<Account>(signup, 201);
        [userId, token] = [account.user.id, account.session.token];
        // The relay publishes the welcome email's outbox row after the commit; QStash delivers it.
        await deps.background.drain();
        await qstash.idle();
        const message = welcomeMessage();
        assert.equal(JSON.parse(message.body).to, user.email, message.body);
        assert.match(message.headers["upstash-deduplication-id"] ?? "", /^obx_/);
        assert.equal(message.headers["upstash-failure-callback"], `${publicUrl}/jobs/_failed`);
        const deliveries = qstash.deliveries.filter((d) => d.messageId === message.messageId);
        assert.deepEqual(deliveries.map((d) => d.status), [200], JSON.stringify(deliveries));

        const welcome = resend.emails.filter((m) =>
          JSON.stringify(m.body.to) === `["${user.email}"]`
        );
        assert.equal(welcome.length, 1, JSON.stringify(resend.emails));
        assert.equal(welcome[0]!.idempotencyKey, message.headers["upstash-deduplication-id"]);
        assert.equal(welcome[0]!.body.from, "Pitchey <hello@pitchey.example>");
        assert.match(String(welcome[0]!.body.text), /verify-email\?token=/);
      },
    );

    await t.step("POST /jobs/send-email unsigned or signed with another key is a 401", async () => {
      const body = welcomeMessage().body;
      const post = (signature?: string) => {
        const headers = new Headers({ "content-type": "application/json" });
        if (signature) headers.set("upstash-signature", signature);
        return app.request("/jobs/send-email", { method: "POST", headers, body });
      };
      await assertProblem(await post(), 401, "unauthorized");
      const forged = await signQstashJwt({
        key: `sig_attacker_${crypto.randomUUID()}`,
        destination: `${publicUrl}/jobs/send-email`,
        body,
      });
      await assertProblem(await post(forged), 401, "unauthorized");
    });

    await t.step("checkout creates the customer and session at Stripe", async () => {
      const checkout = await app.request(
        "/v1/billing/checkout",
        jsonRequest("POST", { plan: "pro", interval: "month" }, token),
      );
      const { url } = await expectJson<{ url: string }>(checkout, 200);
      assert.match(url, /^https:\/\/checkout\.stripe\.com\//, url);
      const calls = stripe.requests.map((r) => `${r.method} ${r.path}`);
      assert.ok(calls.includes("POST /v1/customers"), calls.join(", "));
      assert.ok(calls.includes("POST /v1/checkout/sessions"), calls.join(", "));
      assert.equal(stripe.checkoutSessions.size, 1, calls.join(", "));
    });

    await t.step("POST /webhooks/stripe checks the configured signing secret", async () => {
      const [session] = [...stripe.checkoutSessions.values()];
      const customer = String(session!.customer);
      const subscriptionId = "sub_1ProductionWiring";
      stripe.setSubscription(
        stripeSubscription({
          id: subscriptionId,
          customer,
          status: "active",
          priceId: "price_wiring_pro_month",
          userId,
        }) as Record<string, unknown> & { id: string },
      );
      const payload = JSON.stringify(stripeEvent(
        "checkout.session.completed",
        stripeCheckoutSession({
          client_reference_id: userId,
          customer,
          subscription: subscriptionId,
        }),
        { created: Math.floor(Date.now() / 1000) },
      ));
      const post = async (secret: string) => {
        const signature = await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret });
        const headers = { "content-type": "application/json", "stripe-signature": signature };
        return await app.request("/webhooks/stripe", { method: "POST", headers, body: payload });
      };
      const forged = await post("whsec_someone_else");
      assert.equal(forged.status, 400, await forged.text());
      assert.deepEqual(await expectJson(await post(webhookSecret), 200), {
        received: true,
        duplicate: false,
      });
      const entitlements = await app.request(
        "/v1/me/entitlements",
        jsonRequest("GET", undefined, token),
      );
      assert.equal((await expectJson<{ plan: string }>(entitlements, 200)).plan, "pro");
    });

    await t.step({
      name: "the cache and the rate limiter keep their state in Redis through Upstash REST",
      ignore: !redisUrl,
      fn: async () => {
        const created = await app.request(
          "/v1/pitches",
          jsonRequest("POST", randomPitch(), token),
        );
        const pitch = await expectJson<{ id: string; title: string }>(created, 201);
        const publish = await app.request(
          `/v1/pitches/${pitch.id}/publish`,
          jsonRequest("POST", undefined, token),
        );
        await expectJson(publish, 200);
        for (let i = 0; i < 2; i++) {
          const read = await fetch(`${publicUrl}/v1/pitches/${pitch.id}`);
          assert.equal((await expectJson<{ id: string }>(read, 200)).id, pitch.id);
        }
        await deps.background.drain();
        // Request-rate units are written behind, in batches: write what this instance holds.
        await deps.rateLimiter.flush();
        const direct = new Redis(redisUrl!);
        try {
          const cached = await direct.get(`${keyPrefix}pitch:${pitch.id}`);
          assert.ok(cached?.includes(pitch.title), `Redis entry of the pitch: ${cached}`);
          // Both anonymous reads came from 127.0.0.1 (a window boundary may split the count).
          const counters = await direct.keys(`${keyPrefix}rl:api-ip:127.0.0.1:*`);
          const counts = counters.length ? await direct.mget(...counters) : [];
          const total = counts.reduce((sum, n) => sum + Number(n), 0);
          assert.equal(total, 2, `rate-limit counters in Redis: ${JSON.stringify(counts)}`);
        } finally {
          await direct.quit();
        }
      },
    });
  } finally {
    await server.shutdown();
    await closeDeps(deps);
    await qstash.close();
    await stripe.close();
    await resend.close();
    await redis?.close();
  }

  /** The one message sign-up published to QStash, addressed to the API's job endpoint. */
  function welcomeMessage() {
    const sent = qstash.published.filter((m) => m.destination === `${publicUrl}/jobs/send-email`);
    assert.equal(sent.length, 1, JSON.stringify(qstash.published));
    return sent[0]!;
  }
});
