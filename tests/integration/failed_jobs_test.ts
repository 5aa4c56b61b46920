import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createQstashSignatureVerifier } from "../../src/adapters/queue/qstash_signature_verifier.ts";
import { failedJobs, outbox } from "../../src/db/tables/jobs.ts";
import { UpstreamError } from "../../src/ports/errors.ts";
import type { Mailer } from "../../src/ports/mailer.ts";
import { enqueueJob } from "../../src/services/jobs/enqueue_job.ts";
import { recordFailedJob } from "../../src/services/jobs/record_failed_job.ts";
import { bearer, jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { signQstashJwt } from "../support/fakes/qstash_fake.ts";
import { createHarness, TEST_PUBLIC_URL } from "../support/harness.ts";

interface FailedJobBody {
  id: string;
  messageId: string;
  jobName: string;
  error: string;
  attempts: number;
  failedAt: string;
  status: string;
  resolvedAt: string | null;
  retryOutboxId: string | null;
}

type Page = { items: FailedJobBody[]; nextCursor: string | null };

function emailPayload(tag = crypto.randomUUID().slice(0, 8)) {
  return { to: `dead-${tag}@example.test`, subject: `Dead ${tag}`, text: "Hi", tag: "welcome" };
}

/** A mailer that refuses while `down` is set, as a provider outage would. */
function switchableMailer() {
  const state = { down: false };
  const wrap = (inner: Mailer): Mailer => ({
    name: inner.name,
    send(message) {
      if (state.down) return Promise.reject(new UpstreamError("Mail provider is unavailable"));
      return inner.send(message);
    },
  });
  return { state, wrap };
}

const KEYS = {
  currentSigningKey: `sig_${crypto.randomUUID()}`,
  nextSigningKey: `sig_${crypto.randomUUID()}`,
};

Deno.test("dead letters and the admin routes for failed jobs", async (t) => {
  const mail = switchableMailer();
  const h = await createHarness({
    wrapMailer: mail.wrap,
    jobVerifier: createQstashSignatureVerifier(KEYS),
  });
  const admin = await signUpUser(h, { role: "admin" });
  const list = (query = "", user: TestUser = admin) =>
    h.app.request(`/v1/admin/jobs/failed${query}`, bearer(user.token));
  const retry = (id: string) =>
    h.app.request(`/v1/admin/jobs/failed/${id}/retry`, jsonRequest("POST", undefined, admin.token));
  const discard = (id: string) =>
    h.app.request(`/v1/admin/jobs/failed/${id}`, jsonRequest("DELETE", undefined, admin.token));
  const record = (overrides: Partial<Parameters<typeof recordFailedJob>[0]["input"]> = {}) =>
    recordFailedJob({
      ctx: h.deps,
      input: {
        messageId: `msg_${crypto.randomUUID()}`,
        jobName: "send-email",
        payload: emailPayload(),
        error: "Mail provider is unavailable",
        attempts: 3,
        ...overrides,
      },
    });
  try {
    let exhaustedId = "";
    const payload = emailPayload();

    await t.step(
      "a job failing on every in-process attempt becomes a pending failed job",
      async () => {
        await h.deps.background.drain(); // the admin's welcome email went out first
        mail.state.down = true;
        await enqueueJob({ ctx: h.deps, input: { name: "send-email", payload } });
        await h.deps.background.drain();
        mail.state.down = false;

        const [row] = await h.deps.database.db.select().from(failedJobs)
          .where(eq(failedJobs.jobName, "send-email"));
        assert.ok(row, "no failed job recorded");
        assert.deepEqual(row.payload, payload);
        assert.equal(row.attempts, h.deps.queue.maxAttempts);
        assert.equal(row.error, "Mail provider is unavailable");
        assert.equal(row.status, "pending");
        exhaustedId = row.id;
      },
    );

    await t.step("GET lists it for an admin, without the payload", async () => {
      const page = await expectJson<Page>(await list(), 200);
      const item = page.items.find((i) => i.id === exhaustedId);
      assert.ok(item, JSON.stringify(page));
      assert.deepEqual(Object.keys(item).sort(), [
        "attempts",
        "error",
        "failedAt",
        "id",
        "jobName",
        "messageId",
        "resolvedAt",
        "retryOutboxId",
        "status",
      ]);
      assert.ok(!JSON.stringify(page).includes(payload.to), "payloads stay out of the list");
    });

    await t.step(
      "POST retry re-enqueues through the outbox, 202, and the job succeeds",
      async () => {
        const response = await retry(exhaustedId);
        const body = await expectJson<FailedJobBody>(response, 202);
        assert.equal(body.status, "retried");
        assert.equal(body.resolvedAt, new Date(h.clock.now()).toISOString());
        assert.match(body.retryOutboxId ?? "", /^obx_/);
        await h.deps.background.drain();
        const [row] = await h.deps.database.db.select().from(outbox)
          .where(eq(outbox.id, body.retryOutboxId!));
        assert.ok(row?.publishedAt, JSON.stringify(row));
        assert.deepEqual(row.payload, payload);
        assert.equal(h.mailer.outbox.filter((m) => m.to === payload.to).length, 1);
      },
    );

    await t.step("a second retry or a discard of a retried job is 409", async () => {
      const again = await assertProblem(await retry(exhaustedId), 409, "conflict");
      assert.match(again.detail, /was retried already/, JSON.stringify(again));
      await assertProblem(await discard(exhaustedId), 409, "conflict");
    });

    await t.step("DELETE discards a pending one, 204, twice over; it stays listed", async () => {
      const { id } = await record();
      assert.equal((await discard(id)).status, 204);
      assert.equal((await discard(id)).status, 204, "discarding again is fine");
      await assertProblem(await retry(id), 409, "conflict");
      const page = await expectJson<Page>(await list("?status=discarded"), 200);
      assert.deepEqual(page.items.map((i) => i.id), [id]);
    });

    await t.step("unknown ids are 404 on retry and discard", async () => {
      await assertProblem(await retry("fjb_unknown"), 404, "not-found");
      await assertProblem(await discard("fjb_unknown"), 404, "not-found");
    });

    await t.step("each retry and discard is logged once with the admin who did it", () => {
      const audit = h.logger.lines.filter((l) => JSON.stringify(l).includes('"audit":true'))
        .map((l) => JSON.stringify(l));
      const of = (action: string) => audit.filter((l) => l.includes(`"${action}"`));
      assert.equal(of("retry-job").length, 1, audit.join("\n"));
      assert.ok(of("retry-job")[0]!.includes(exhaustedId), audit.join("\n"));
      // Discarded once for real; the second discard changed nothing.
      assert.equal(of("discard-job").length, 1, audit.join("\n"));
      assert.ok(audit.every((l) => l.includes(admin.id)), audit.join("\n"));
    });

    await t.step("the list pages newest first without skipping or repeating", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        h.clock.advance(1_000);
        ids.push((await record({ jobName: "paging-job" })).id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=2&status=pending${cursor ? `&cursor=${cursor}` : ""}`;
        const page: Page = await expectJson<Page>(await list(query), 200);
        assert.ok(page.items.length <= 2, JSON.stringify(page));
        seen.push(...page.items.filter((i) => i.jobName === "paging-job").map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, ids.reverse());
      await assertProblem(await list("?cursor=bogus"), 400, "bad-request");
    });

    await t.step("a non-admin is 403", async () => {
      const creator = await signUpUser(h);
      await assertProblem(await list("", creator), 403, "forbidden");
    });

    await t.step("a signed QStash failure report is recorded once per message id", async () => {
      const messageId = `msg_${crypto.randomUUID()}`;
      const report = {
        status: 503,
        header: { "retry-after": ["5"] },
        body: btoa(JSON.stringify({ detail: "Mail provider is unavailable" })),
        retried: 3,
        maxRetries: 3,
        dlqId: "1725323658779-0",
        sourceMessageId: messageId,
        url: `${TEST_PUBLIC_URL}/jobs/send-email`,
        method: "POST",
        sourceHeader: { "content-type": ["application/json"] },
        sourceBody: btoa(JSON.stringify(payload)),
      };
      const post = async (body: string, signedBody = body) =>
        await h.app.request("/jobs/_failed", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "upstash-signature": await signQstashJwt({
              key: KEYS.currentSigningKey,
              destination: `${TEST_PUBLIC_URL}/jobs/_failed`,
              body: signedBody,
            }),
          },
          body,
        });
      const text = JSON.stringify(report);
      assert.deepEqual(await expectJson(await post(text), 200), { recorded: true });
      assert.deepEqual(await expectJson(await post(text), 200), { recorded: false });
      const [row] = await h.deps.database.db.select().from(failedJobs)
        .where(eq(failedJobs.messageId, messageId));
      assert.equal(row?.jobName, "send-email", JSON.stringify(row));
      assert.equal(row.attempts, 4);
      assert.equal(row.error, "Last delivery answered 503: Mail provider is unavailable");
      assert.deepEqual(row.payload, payload);

      await assertProblem(await post(text, "{}"), 401, "unauthorized");
      const malformed = await post(JSON.stringify({ status: 500 }));
      assert.equal(malformed.headers.get("upstash-nonretryable-error"), "true");
      const problem = await assertProblem(malformed, 489, "job-refused");
      assert.match(problem.detail, /"sourceMessageId", "url"/, JSON.stringify(problem));
    });
  } finally {
    await h.close();
  }
});
