import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { failedJobs } from "../../src/db/tables/jobs.ts";
import { createQstashSignatureVerifier } from "../../src/adapters/queue/qstash_signature_verifier.ts";
import { createQstashQueue } from "../../src/adapters/queue/qstash_queue.ts";
import { signQstashJwt, startQstashFake } from "../support/fakes/qstash_fake.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness, type Harness, TEST_PUBLIC_URL } from "../support/harness.ts";
import { controllableMailer } from "../support/mailers.ts";

/** A send-email payload whose text and html are easy to look for in the logs. */
function randomEmail() {
  const marker = crypto.randomUUID();
  return {
    to: `user_${marker.slice(0, 8)}@example.test`,
    subject: `Welcome ${marker.slice(0, 8)}`,
    text: `Sign in with https://app.pitchey.test/magic/${marker}`,
    html: `<p>secret-html-${marker}</p>`,
    tag: "welcome",
  };
}

function logsOf(h: Harness): string {
  return h.logger.lines.map((line) => JSON.stringify(line)).join("\n");
}

Deno.test("send-email jobs on the in-process queue", async (t) => {
  const h = await createHarness();
  try {
    await t.step("an enqueued email is sent once and its content is never logged", async () => {
      const email = randomEmail();
      const { id } = await h.deps.queue.enqueue({ name: "send-email", payload: email });
      await h.deps.background.drain();

      assert.equal(h.mailer.outbox.length, 1, JSON.stringify(h.mailer.outbox));
      const sent = h.mailer.outbox[0]!;
      assert.equal(sent.to, email.to);
      assert.equal(sent.subject, email.subject);
      assert.equal(sent.tag, "welcome");
      assert.equal(sent.text, email.text);
      const logs = logsOf(h);
      const line = h.logger.lines.find((l) => l.message === "Email sent");
      assert.equal(line?.messageId, id, logs);
      assert.ok(!logs.includes(email.text), logs);
      assert.ok(!logs.includes(email.html), logs);
    });

    await t.step(
      "an invalid payload is given up at once, dead-lettered, and sends nothing",
      async () => {
        const before = h.mailer.outbox.length;
        const marker = `not-an-address-${crypto.randomUUID()}`;
        const payload = { to: marker, subject: "", text: `body-${marker}`, tag: "welcome" };
        const { id } = await h.deps.queue.enqueue({ name: "send-email", payload });
        await h.deps.background.drain();

        assert.equal(h.mailer.outbox.length, before, JSON.stringify(h.mailer.outbox));
        const logs = logsOf(h);
        const attempts = h.logger.lines.filter((l) =>
          l.message === "Job attempt failed" && l.messageId === id
        );
        assert.deepEqual(attempts.map((l) => l.attempt), [1], "retrying cannot fix it: " + logs);
        assert.match(String(attempts[0]?.error), /Payload of job "send-email" is invalid/, logs);
        const failed = h.logger.lines.find((l) =>
          l.message === "Job given up: its failure is permanent" && l.messageId === id
        );
        assert.equal(failed?.level, "error", logs);
        assert.equal(failed?.attempts, 1, logs);
        assert.ok(!logs.includes(marker), logs);
        const [dead] = await h.deps.database.db.select().from(failedJobs)
          .where(eq(failedJobs.messageId, id));
        assert.equal(dead?.jobName, "send-email", JSON.stringify(dead));
        assert.equal(dead?.attempts, 1);
        assert.equal(dead?.status, "pending");
        assert.equal(dead?.error, 'Payload of job "send-email" is invalid');
        assert.deepEqual(dead?.payload, payload);
      },
    );

    await t.step(
      "POST /jobs/send-email is a 404 problem: there is no delivery endpoint",
      async () => {
        const response = await h.app.request("/jobs/send-email", {
          method: "POST",
          headers: { "content-type": "application/json", "upstash-message-id": "msg_inprocess" },
          body: JSON.stringify(randomEmail()),
        });
        const problem = await assertProblem(response, 404, "not-found");
        assert.match(problem.detail, /in process/, JSON.stringify(problem));
        await h.deps.background.drain();
        assert.equal(h.mailer.outbox.length, 1, JSON.stringify(h.mailer.outbox));
      },
    );
  } finally {
    await h.close();
  }
});

Deno.test("POST /jobs/{name} with QStash-signed deliveries", async (t) => {
  const keys = {
    currentSigningKey: `sig_${crypto.randomUUID()}`,
    nextSigningKey: `sig_${crypto.randomUUID()}`,
  };
  const mail = controllableMailer();
  const h = await createHarness({
    jobVerifier: createQstashSignatureVerifier(keys),
    wrapMailer: mail.wrap,
  });

  const deliver = async (input: {
    name?: string;
    body: string;
    messageId?: string;
    signature?: string | null;
    signedFor?: string;
    signedBody?: string;
    key?: string;
    contentType?: string;
    retried?: number;
  }): Promise<Response> => {
    const name = input.name ?? "send-email";
    const headers: Record<string, string> = {
      "content-type": input.contentType ?? "application/json",
      "upstash-message-id": input.messageId ?? `msg_${crypto.randomUUID().replaceAll("-", "")}`,
      "upstash-retried": String(input.retried ?? 0),
    };
    const signature = input.signature !== undefined ? input.signature : await signQstashJwt({
      key: input.key ?? keys.currentSigningKey,
      destination: input.signedFor ?? `${TEST_PUBLIC_URL}/jobs/${name}`,
      body: input.signedBody ?? input.body,
    });
    if (signature !== null) headers["upstash-signature"] = signature;
    return await h.app.request(`/jobs/${name}`, { method: "POST", headers, body: input.body });
  };

  const outboxSize = async () => {
    await h.deps.background.drain();
    return h.mailer.outbox.length;
  };

  try {
    const email = randomEmail();
    const messageId = `msg_${crypto.randomUUID().replaceAll("-", "")}`;

    await t.step("a signed delivery runs the job and answers processed true", async () => {
      const response = await deliver({ body: JSON.stringify(email), messageId });
      assert.deepEqual(await expectJson(response, 200), { processed: true });
      assert.equal(await outboxSize(), 1, JSON.stringify(h.mailer.outbox));
      const sent = h.mailer.outbox[0]!;
      assert.deepEqual([sent.to, sent.subject, sent.tag], [email.to, email.subject, email.tag]);
      const logs = logsOf(h);
      assert.ok(!logs.includes(email.text), logs);
    });

    await t.step("Upstash-Retried tells a job its last attempt", async () => {
      const body = JSON.stringify({ exportId: "exp_never_committed" });
      const early = await deliver({ name: "build-report-export", body, retried: 0 });
      assert.equal(early.status, 500, "before the last attempt a missing export is retried");
      await early.body?.cancel();
      const last = await deliver({
        name: "build-report-export",
        body,
        retried: h.deps.queue.maxAttempts - 1,
      });
      assert.deepEqual(await expectJson(last, 200), { processed: true }, "then dropped");
      assert.ok(logsOf(h).includes("Report export dropped: it was never committed"));
    });

    await t.step("a redelivery of the same message id answers processed false", async () => {
      const response = await deliver({ body: JSON.stringify(email), messageId });
      assert.deepEqual(await expectJson(response, 200), { processed: false });
      assert.equal(await outboxSize(), 1, JSON.stringify(h.mailer.outbox));
      const skipped = h.logger.lines.find((l) =>
        l.message === "Job delivery skipped: already processed" && l.messageId === messageId
      );
      assert.ok(skipped, logsOf(h));
    });

    await t.step("a delivery signed with the next key is accepted (key rotation)", async () => {
      const response = await deliver({
        body: JSON.stringify(randomEmail()),
        key: keys.nextSigningKey,
      });
      assert.deepEqual(await expectJson(response, 200), { processed: true });
      assert.equal(await outboxSize(), 2, JSON.stringify(h.mailer.outbox));
    });

    await t.step("a tampered body is a 401 problem and sends nothing", async () => {
      const original = JSON.stringify(randomEmail());
      const tampered = JSON.stringify({ ...randomEmail(), to: "attacker@example.test" });
      const response = await deliver({ body: tampered, signedBody: original });
      await assertProblem(response, 401, "unauthorized");
      assert.equal(await outboxSize(), 2, JSON.stringify(h.mailer.outbox));
    });

    await t.step("a delivery without a signature is a 401 problem", async () => {
      const response = await deliver({ body: JSON.stringify(randomEmail()), signature: null });
      await assertProblem(response, 401, "unauthorized");
      assert.equal(await outboxSize(), 2, JSON.stringify(h.mailer.outbox));
    });

    await t.step("a signature for another URL is a 401 problem", async () => {
      const response = await deliver({
        body: JSON.stringify(randomEmail()),
        signedFor: `${TEST_PUBLIC_URL}/jobs/other`,
      });
      await assertProblem(response, 401, "unauthorized");
      assert.equal(await outboxSize(), 2, JSON.stringify(h.mailer.outbox));
    });

    await t.step("a signature made with an unknown key is a 401 problem", async () => {
      const response = await deliver({
        body: JSON.stringify(randomEmail()),
        key: `sig_${crypto.randomUUID()}`,
      });
      await assertProblem(response, 401, "unauthorized");
      assert.equal(await outboxSize(), 2, JSON.stringify(h.mailer.outbox));
    });

    await t.step(
      "a signed delivery for an unknown job is a non-retryable 489 naming it",
      async () => {
        const response = await deliver({
          name: "no-such-job",
          body: JSON.stringify(randomEmail()),
        });
        assert.equal(response.headers.get("upstash-nonretryable-error"), "true");
        const problem = await assertProblem(response, 489, "job-refused");
        assert.equal(problem.code, "not-found", JSON.stringify(problem));
        assert.match(problem.detail, /"no-such-job"/, JSON.stringify(problem));
        assert.equal(await outboxSize(), 2, JSON.stringify(h.mailer.outbox));
      },
    );

    await t.step("a signed invalid payload is a 489 listing the field errors", async () => {
      const body = JSON.stringify({ to: "not-an-address", subject: "", tag: "welcome", cc: "x" });
      const response = await deliver({ body });
      assert.equal(response.headers.get("upstash-nonretryable-error"), "true");
      const problem = await assertProblem(response, 489, "job-refused");
      assert.equal(problem.code, "bad-request", JSON.stringify(problem));
      const errors = problem.errors as Array<{ pointer: string; detail: string }>;
      assert.deepEqual(
        errors.map((e) => e.pointer).sort(),
        ["/cc", "/subject", "/text", "/to"],
        JSON.stringify(problem),
      );
      assert.equal(errors.find((e) => e.pointer === "/cc")?.detail, "Unknown field");
      assert.ok(
        errors.every((e) => typeof e.detail === "string" && e.detail),
        JSON.stringify(problem),
      );
      assert.equal(await outboxSize(), 2, JSON.stringify(h.mailer.outbox));
    });

    await t.step(
      "a signed payload that is not an object points at the whole document",
      async () => {
        const problem = await assertProblem(await deliver({ body: '"hello"' }), 489, "job-refused");
        const errors = problem.errors as Array<{ pointer: string }>;
        assert.deepEqual(errors.map((e) => e.pointer), [""], JSON.stringify(problem));
      },
    );

    await t.step("a signed body that is not JSON under a JSON type is a 489", async () => {
      const response = await deliver({ body: "{not json" });
      assert.equal(response.headers.get("upstash-nonretryable-error"), "true");
      const problem = await assertProblem(response, 489, "job-refused");
      assert.match(problem.detail, /not valid JSON/, JSON.stringify(problem));
      assert.equal(await outboxSize(), 2, JSON.stringify(h.mailer.outbox));
    });

    await t.step("a signed text/plain body is a 415 problem before it is read", async () => {
      const response = await deliver({ body: "hello", contentType: "text/plain" });
      const problem = await assertProblem(response, 415, "unsupported-media-type");
      assert.match(problem.detail, /"text\/plain"/, JSON.stringify(problem));
      assert.equal(await outboxSize(), 2, JSON.stringify(h.mailer.outbox));
    });

    await t.step(
      "a job failing on an unavailable provider is a 503 with Retry-After, and runs again",
      async () => {
        const messageId = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
        const body = JSON.stringify(randomEmail());
        mail.state.mode = "fail";
        const refused = await deliver({ body, messageId });
        mail.state.mode = "pass";
        assert.equal(refused.headers.get("retry-after"), "5");
        assert.equal(refused.headers.get("upstash-nonretryable-error"), null, "QStash retries");
        await assertProblem(refused, 503, "upstream");
        const before = await outboxSize();
        const retried = await deliver({ body, messageId, retried: 1 });
        assert.deepEqual(await expectJson(retried, 200), { processed: true }, "nothing was kept");
        assert.equal(await outboxSize(), before + 1, JSON.stringify(h.mailer.outbox));
      },
    );
  } finally {
    await h.close();
  }
});

Deno.test("send-email through the real QStash client, the QStash fake and back", async (t) => {
  const keys = {
    currentSigningKey: `sig_${crypto.randomUUID()}`,
    nextSigningKey: `sig_${crypto.randomUUID()}`,
  };
  const token = `qstash_${crypto.randomUUID()}`;
  const h = await createHarness({ jobVerifier: createQstashSignatureVerifier(keys) });
  const fake = await startQstashFake({ token, ...keys, autoDeliver: false });
  // The point here is the network: the fake POSTs deliveries to a real URL, so the app listens.
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, h.app.fetch);
  const publicUrl = `http://127.0.0.1:${server.addr.port}`;
  // Production builds the queue and the verifier's URL from one PUBLIC_URL; keep them in step.
  h.deps.settings.publicUrl = publicUrl;
  h.deps.queue = createQstashQueue({ token, baseUrl: fake.url, publicUrl });
  try {
    const email = randomEmail();
    let id = "";

    await t.step("enqueue publishes the payload to /jobs/send-email", async () => {
      ({ id } = await h.deps.queue.enqueue({ name: "send-email", payload: email }));
      assert.equal(fake.published.length, 1, JSON.stringify(fake.published));
      assert.equal(fake.published[0]!.destination, `${publicUrl}/jobs/send-email`);
      assert.equal(h.mailer.outbox.length, 0, "nothing runs before QStash delivers");
    });

    await t.step("the signed delivery sends the email once", async () => {
      const response = await fake.deliver(id);
      assert.deepEqual(await expectJson(response, 200), { processed: true });
      await h.deps.background.drain();
      assert.equal(h.mailer.outbox.length, 1, JSON.stringify(h.mailer.outbox));
      assert.equal(h.mailer.outbox[0]!.to, email.to);
      assert.ok(!logsOf(h).includes(email.text), logsOf(h));
    });

    await t.step("a redelivery of the same message is acknowledged without sending", async () => {
      const response = await fake.deliver(id);
      assert.deepEqual(await expectJson(response, 200), { processed: false });
      await h.deps.background.drain();
      assert.equal(h.mailer.outbox.length, 1, JSON.stringify(h.mailer.outbox));
    });
  } finally {
    await server.shutdown();
    await fake.close();
    await h.close();
  }
});
