import assert from "node:assert/strict";
import { createQstashQueue } from "../../src/adapters/queue/qstash_queue.ts";
import { createQstashSignatureVerifier } from "../../src/adapters/queue/qstash_signature_verifier.ts";
import { UpstreamError } from "../../src/ports/errors.ts";
import { signQstashJwt, startQstashFake } from "../support/fakes/qstash_fake.ts";

const keys = { currentSigningKey: "sig_current_test_key", nextSigningKey: "sig_next_test_key" };
const token = "qstash_test_token_do_not_log";

type Received = { verified: boolean; body: string; headers: Headers };

/** The API's side of a delivery: a tiny server that checks signatures with the real Receiver. */
function startJobReceiver() {
  const verifier = createQstashSignatureVerifier(keys);
  const received: Received[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = await req.text();
    const signature = req.headers.get("upstash-signature") ?? "";
    const verified = await verifier.verify({ signature, body, url: req.url });
    received.push({ verified, body, headers: req.headers });
    return Response.json({ verified }, { status: verified ? 200 : 401 });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, received, close: () => server.shutdown() };
}

async function post(url: string, body: string, signature: string): Promise<Response> {
  return await fetch(url, { method: "POST", body, headers: { "Upstash-Signature": signature } });
}

Deno.test("QStash adapters against the loopback QStash fake", async (t) => {
  const fake = await startQstashFake({ token, ...keys, autoDeliver: false });
  const receiver = startJobReceiver();
  const queue = createQstashQueue({
    token,
    baseUrl: fake.url,
    publicUrl: receiver.url,
    retries: 2,
  });
  const job = { name: "send email/welcome", payload: { userId: "u_1", tags: ["a"] } };
  const destination = `${receiver.url}/jobs/send%20email%2Fwelcome`;

  try {
    await t.step("enqueue publishes JSON with the delay and deduplication headers", async () => {
      const { id } = await queue.enqueue(job, {
        delaySeconds: 2.5,
        deduplicationId: "welcome:u_1",
      });

      assert.equal(fake.published.length, 1, JSON.stringify(fake.published));
      const message = fake.published[0]!;
      assert.equal(id, message.messageId);
      assert.equal(message.destination, destination);
      assert.deepEqual(JSON.parse(message.body), job.payload);
      assert.equal(message.headers["content-type"], "application/json");
      assert.equal(message.headers["upstash-delay"], "3s", "whole seconds, rounded up");
      assert.equal(message.headers["upstash-deduplication-id"], "welcome:u_1");
      assert.equal(message.headers["upstash-retries"], "2");
      assert.equal(message.headers["upstash-method"], "POST");
    });

    await t.step("enqueue with a seen deduplication id returns the first message id", async () => {
      const first = fake.published[0]!.messageId;
      const { id } = await queue.enqueue(job, { deduplicationId: "welcome:u_1" });
      assert.equal(id, first);
      assert.equal(fake.published.length, 1);
    });

    await t.step(
      "enqueue with a wrong token throws an UpstreamError without the token",
      async () => {
        const wrong = "wrong_token_secret_value";
        const bad = createQstashQueue({ token: wrong, baseUrl: fake.url, publicUrl: receiver.url });
        const error = await bad.enqueue(job).then(() => undefined, (e: unknown) => e);

        assert.ok(error instanceof UpstreamError, String(error));
        assert.match(error.message, /"send email\/welcome"/);
        assert.match(error.message, /401/);
        assert.ok(!error.message.includes(wrong), error.message);
        assert.ok(!error.message.includes(token), error.message);
      },
    );

    await t.step("a signed delivery verifies with the current key", async () => {
      const messageId = fake.published[0]!.messageId;
      const response = await fake.deliver(messageId);
      const text = await response.text();

      assert.equal(response.status, 200, text);
      const delivery = receiver.received.at(-1)!;
      assert.equal(delivery.verified, true);
      assert.equal(delivery.body, fake.published[0]!.body);
      assert.equal(delivery.headers.get("upstash-message-id"), messageId);
      assert.equal(delivery.headers.get("upstash-retried"), "0");
      assert.equal(delivery.headers.get("content-type"), "application/json");
    });

    await t.step("a delivery with a tampered body does not verify", async () => {
      const signature = receiver.received.at(-1)!.headers.get("upstash-signature")!;
      const response = await post(destination, '{"userId":"u_2","tags":["a"]}', signature);
      assert.equal(response.status, 401, await response.text());
    });

    await t.step("a signature made with another key does not verify", async () => {
      const body = fake.published[0]!.body;
      const signature = await signQstashJwt({ key: "sig_attacker", destination, body });
      const response = await post(destination, body, signature);
      assert.equal(response.status, 401, await response.text());
    });

    await t.step("a signature for another URL or an expired one does not verify", async () => {
      const body = fake.published[0]!.body;
      const key = keys.currentSigningKey;
      const otherUrl = await signQstashJwt({ key, destination: `${receiver.url}/jobs/x`, body });
      const old = Math.floor(Date.now() / 1000) - 3600;
      const expired = await signQstashJwt({ key, destination, body, nowSeconds: old });
      for (const signature of [otherUrl, expired, "not-a-jwt", ""]) {
        const response = await post(destination, body, signature);
        assert.equal(response.status, 401, `${signature}: ${await response.text()}`);
      }
    });

    await t.step("a signature made with the next key verifies (key rotation)", async () => {
      const body = fake.published[0]!.body;
      const signature = await signQstashJwt({ key: keys.nextSigningKey, destination, body });
      const response = await post(destination, body, signature);
      assert.equal(response.status, 200, await response.text());
    });
    await t.step("retries default to 3, sent on every message: 4 attempts in all", async () => {
      assert.equal(queue.maxAttempts, 3, "2 retries configured: 3 attempts");
      const defaults = createQstashQueue({ token, baseUrl: fake.url, publicUrl: receiver.url });
      assert.equal(defaults.maxAttempts, 4);
      const before = fake.published.length;
      await defaults.enqueue(job);
      assert.equal(fake.published[before]?.headers["upstash-retries"], "3");
    });
  } finally {
    await fake.close();
    await receiver.close();
  }
});

Deno.test("QStash queue gives up on a QStash that does not answer in time", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  const stalled = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async () => {
    await gate;
    return Response.json({ error: "too late" }, { status: 503 });
  });
  const queue = createQstashQueue({
    token,
    baseUrl: `http://127.0.0.1:${stalled.addr.port}`,
    publicUrl: "http://127.0.0.1:9",
    timeoutMs: 50,
  });
  try {
    await assert.rejects(
      queue.enqueue({ name: "slow-job", payload: {} }),
      (error: unknown) => error instanceof UpstreamError && /within 50 ms/.test(error.message),
    );
  } finally {
    release();
    await stalled.shutdown();
    // Let the abandoned publish read its answer so the test leaves no pending op.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});
