import assert from "node:assert/strict";
import { Client } from "@upstash/qstash";
import { createQstashSignatureVerifier } from "../../src/adapters/queue/qstash_signature_verifier.ts";
import { qstashBackoffSeconds, startQstashFake } from "../support/fakes/qstash_fake.ts";

const keys = { currentSigningKey: "sig_fake_current", nextSigningKey: "sig_fake_next" };
const token = "qstash_fake_contract_token";

type Seen = { path: string; body: string; headers: Headers; verified: boolean };

/** A destination answering each request with the next scripted status (200 once they run out). */
function startDestination(script: Array<number | [number, Record<string, string>]> = []) {
  const verifier = createQstashSignatureVerifier(keys);
  const seen: Seen[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = await req.text();
    const signature = req.headers.get("upstash-signature") ?? "";
    const verified = await verifier.verify({ signature, body, url: req.url });
    seen.push({ path: new URL(req.url).pathname, body, headers: req.headers, verified });
    if (new URL(req.url).pathname === "/failed") return Response.json({ ok: true });
    const next = script.shift() ?? 200;
    const [status, headers] = typeof next === "number" ? [next, {}] : next;
    return Response.json({ detail: `scripted ${status}` }, { status, headers });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, seen, close: () => server.shutdown() };
}

Deno.test("the QStash fake delivers like QStash", async (t) => {
  let now = Date.now();
  const fake = await startQstashFake({ token, ...keys, timeFactor: 0.0001, now: () => now });
  const client = new Client({ baseUrl: fake.url, token, devMode: false });
  try {
    await t.step("the backoff is QStash's min(86400, e^(2.5 n)) seconds", () => {
      assert.deepEqual(
        [1, 2, 3, 6].map((n) => Math.round(qstashBackoffSeconds(n))),
        [12, 148, 1808, 86_400],
      );
    });

    await t.step("a non-2xx is retried with Upstash-Retried counting from 0", async () => {
      const destination = startDestination([500, 503]);
      try {
        await client.publishJSON({ url: `${destination.url}/job`, body: { n: 1 }, retries: 3 });
        await fake.idle();
        const retried = destination.seen.map((s) => s.headers.get("upstash-retried"));
        assert.deepEqual(retried, ["0", "1", "2"]);
        assert.ok(destination.seen.every((s) => s.verified), "every delivery is signed");
        const ids = new Set(destination.seen.map((s) => s.headers.get("upstash-message-id")));
        assert.equal(ids.size, 1, "one message id across retries");
      } finally {
        await destination.close();
      }
    });

    await t.step(
      "after Upstash-Retries the message is dead-lettered and the signed failure callback sent",
      async () => {
        const destination = startDestination([500, 500, 500]);
        try {
          const { messageId } = await client.publishJSON({
            url: `${destination.url}/job`,
            body: { n: 2 },
            retries: 2,
            failureCallback: `${destination.url}/failed`,
          });
          await fake.idle();
          const jobs = destination.seen.filter((s) => s.path === "/job");
          assert.equal(jobs.length, 3, "one delivery and 2 retries");
          assert.deepEqual(fake.deadLetters.map((d) => d.messageId), [messageId]);
          const [callback] = destination.seen.filter((s) => s.path === "/failed");
          assert.ok(callback?.verified, "the callback is signed for its own URL");
          const report = JSON.parse(callback.body);
          assert.equal(report.sourceMessageId, messageId);
          assert.equal(report.url, `${destination.url}/job`);
          assert.equal(report.status, 500);
          assert.equal(report.retried, 2);
          assert.equal(report.maxRetries, 2);
          assert.deepEqual(JSON.parse(atob(report.sourceBody)), { n: 2 });
          assert.deepEqual(JSON.parse(atob(report.body)), { detail: "scripted 500" });
          const read = createQstashSignatureVerifier(keys).readFailureReport(callback.body);
          assert.deepEqual(read, {
            messageId,
            url: `${destination.url}/job`,
            body: '{"n":2}',
            status: 500,
            responseBody: '{"detail":"scripted 500"}',
            attempts: 3,
          });
        } finally {
          await destination.close();
        }
      },
    );

    await t.step("a 489 with Upstash-NonRetryable-Error is dead-lettered at once", async () => {
      const destination = startDestination([[489, { "Upstash-NonRetryable-Error": "true" }], 489]);
      try {
        const { messageId } = await client.publishJSON({ url: `${destination.url}/job`, body: {} });
        await fake.idle();
        assert.equal(destination.seen.length, 1);
        assert.ok(fake.deadLetters.some((d) => d.messageId === messageId));
        const plain = await client.publishJSON({ url: `${destination.url}/job`, body: {} });
        await fake.idle();
        assert.ok(
          !fake.deadLetters.some((d) => d.messageId === plain.messageId),
          "a 489 without the header is retried like any failure",
        );
      } finally {
        await destination.close();
      }
    });

    await t.step("a deduplication id is honoured for 10 minutes", async () => {
      const destination = startDestination();
      try {
        const url = `${destination.url}/job`;
        const first = await client.publishJSON({ url, body: {}, deduplicationId: "dedup-1" });
        now += 9 * 60_000;
        const again = await client.publishJSON({ url, body: {}, deduplicationId: "dedup-1" });
        assert.equal(again.messageId, first.messageId);
        assert.equal(again.deduplicated, true);
        now += 2 * 60_000;
        const later = await client.publishJSON({ url, body: {}, deduplicationId: "dedup-1" });
        assert.notEqual(later.messageId, first.messageId);
        await fake.idle();
        assert.equal(destination.seen.length, 2, "one delivery per accepted message");
      } finally {
        await destination.close();
      }
    });

    await t.step("forwarded headers arrive without their prefix", async () => {
      const destination = startDestination();
      try {
        await client.publishJSON({
          url: `${destination.url}/job`,
          body: {},
          headers: { "Job-Deduplication-Id": "obx_1" },
        });
        await fake.idle();
        assert.equal(destination.seen[0]?.headers.get("job-deduplication-id"), "obx_1");
      } finally {
        await destination.close();
      }
    });
  } finally {
    await fake.close();
  }
});
