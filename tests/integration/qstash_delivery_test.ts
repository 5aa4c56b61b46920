import assert from "node:assert/strict";
import { eq, sql } from "drizzle-orm";
import type { App } from "../../src/app.ts";
import { failedJobs, outbox } from "../../src/db/tables/jobs.ts";
import { rowsOf } from "../../src/db/raw_rows.ts";
import { enqueueJob } from "../../src/services/jobs/enqueue_job.ts";
import { jsonRequest, signUpUser } from "../support/accounts.ts";
import { expectJson } from "../support/assertions.ts";
import { startQstashFake } from "../support/fakes/qstash_fake.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { controllableMailer } from "../support/mailers.ts";

const onRealPostgres = Boolean(Deno.env.get("TEST_DATABASE_URL"));
const KEYS = {
  token: `qstash_${crypto.randomUUID()}`,
  currentSigningKey: `sig_current_${crypto.randomUUID()}`,
  nextSigningKey: `sig_next_${crypto.randomUUID()}`,
};

function email(tag = crypto.randomUUID().slice(0, 8)) {
  return { to: `qstash-${tag}@example.test`, subject: `Hi ${tag}`, text: "Hello", tag: "welcome" };
}

/** The app on a loopback port: QStash calls it back, so its URL must exist before the app. */
function serveLater() {
  const app = Promise.withResolvers<App>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request, info) => (await app.promise).fetch(request, info),
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    serve: (ready: App) => app.resolve(ready),
    close: () => server.shutdown(),
  };
}

Deno.test("jobs through the real QStash client and the self-delivering QStash fake", async (t) => {
  // Waits shrunk ten-thousandfold: QStash's 12 s, 2.5 min and 30 min backoff become 1, 15, 181 ms.
  const fake = await startQstashFake({ ...KEYS, timeFactor: 0.0001 });
  const served = serveLater();
  const mail = controllableMailer();
  const h = await createHarness({
    qstash: { url: fake.url, ...KEYS },
    publicUrl: served.url,
    wrapMailer: mail.wrap,
  });
  served.serve(h.app);

  /** Until the relay, QStash and the jobs they start have all finished. */
  const settle = async () => {
    for (let round = 0; round < 100; round++) {
      const before = fake.published.length + fake.deliveries.length;
      await h.deps.background.drain();
      await fake.idle();
      if (fake.published.length + fake.deliveries.length === before) return;
    }
    assert.fail("QStash and the relay never settled");
  };
  const deliveriesOf = (messageId: string) =>
    fake.deliveries.filter((d) => d.messageId === messageId);
  /** Enqueues a job through the outbox and returns the QStash message it was published as. */
  const publish = async (name: string, payload: unknown) => {
    const { id } = await enqueueJob({ ctx: h.deps, input: { name, payload } });
    await settle();
    const [row] = await h.deps.database.db.select().from(outbox).where(eq(outbox.id, id));
    assert.ok(row?.messageId, `outbox row not published: ${JSON.stringify(row)}`);
    return { outboxId: id, messageId: row.messageId };
  };
  const failedJobOf = async (messageId: string) => {
    const [row] = await h.deps.database.db.select().from(failedJobs)
      .where(eq(failedJobs.messageId, messageId));
    return row;
  };

  try {
    const admin = await signUpUser(h, { role: "admin" });
    await settle();
    let deadLetterId = "";

    await t.step("a job is published after the commit and delivered once", async () => {
      const message = email();
      const { outboxId, messageId } = await publish("send-email", message);
      assert.deepEqual(deliveriesOf(messageId).map((d) => [d.retried, d.status]), [[0, 200]]);
      const published = fake.published.find((m) => m.messageId === messageId)!;
      assert.equal(published.destination, `${served.url}/jobs/send-email`);
      assert.equal(published.headers["upstash-deduplication-id"], outboxId);
      assert.equal(published.headers["upstash-forward-job-deduplication-id"], outboxId);
      assert.equal(published.headers["upstash-failure-callback"], `${served.url}/jobs/_failed`);
      assert.equal(h.mailer.outbox.filter((m) => m.to === message.to).length, 1);
    });

    await t.step(
      "a transient failure is retried with Upstash-Retried and then succeeds",
      async () => {
        mail.failNext(1);
        const message = email();
        const { messageId } = await publish("send-email", message);
        assert.deepEqual(
          deliveriesOf(messageId).map((d) => [d.retried, d.status]),
          [[0, 503], [1, 200]],
        );
        assert.equal(h.mailer.outbox.filter((m) => m.to === message.to).length, 1);
        assert.equal(await failedJobOf(messageId), undefined);
      },
    );

    await t.step(
      "a job failing every delivery is dead-lettered into failed_jobs by the failure callback",
      async () => {
        mail.state.mode = "fail";
        const { messageId } = await publish("send-email", email());
        mail.state.mode = "pass";
        assert.deepEqual(
          deliveriesOf(messageId).map((d) => [d.retried, d.status]),
          [[0, 503], [1, 503], [2, 503], [3, 503]],
          "one delivery and the 3 retries every message is published with",
        );
        assert.equal(fake.deadLetters.filter((d) => d.messageId === messageId).length, 1);
        const callbacks = fake.deliveries.filter((d) => d.destination.endsWith("/jobs/_failed"));
        assert.ok(callbacks.every((d) => d.status === 200), JSON.stringify(callbacks));
        const dead = await failedJobOf(messageId);
        assert.equal(dead?.jobName, "send-email", JSON.stringify(dead));
        assert.equal(dead.attempts, 4);
        assert.equal(dead.status, "pending");
        assert.equal(dead.error, "Last delivery answered 503: Mail provider is unavailable");
        deadLetterId = dead.id;
      },
    );

    await t.step("a permanent failure (489) is dead-lettered without retries", async () => {
      const { messageId } = await publish("send-email", { to: "not-an-address" });
      assert.deepEqual(deliveriesOf(messageId).map((d) => [d.retried, d.status]), [[0, 489]]);
      const dead = await failedJobOf(messageId);
      assert.equal(dead?.attempts, 1, JSON.stringify(dead));
      assert.equal(
        dead.error,
        'Last delivery answered 489: Payload of job "send-email" is invalid',
      );
    });

    await t.step("a dead letter retried from the admin route is delivered again", async () => {
      const response = await h.app.request(
        `/v1/admin/jobs/failed/${deadLetterId}/retry`,
        jsonRequest("POST", undefined, admin.token),
      );
      const retried = await expectJson<{ status: string; retryOutboxId: string }>(response, 202);
      assert.equal(retried.status, "retried");
      await settle();
      const [row] = await h.deps.database.db.select().from(outbox)
        .where(eq(outbox.id, retried.retryOutboxId));
      assert.ok(row?.messageId, JSON.stringify(row));
      assert.deepEqual(deliveriesOf(row.messageId).map((d) => d.status), [200]);
      const to = (row.payload as { to: string }).to;
      assert.equal(h.mailer.outbox.filter((m) => m.to === to).length, 1);
    });

    await t.step({
      name: "a duplicate delivery during a delivery waits for it and then skips the job",
      ignore: !onRealPostgres,
      fn: async () => {
        const gate = mail.gate();
        const message = email();
        const { id } = await enqueueJob({
          ctx: h.deps,
          input: { name: "send-email", payload: message },
        });
        await gate.entered; // QStash's delivery holds the claim and waits in the mailer
        const messageId = await messageIdOf(h, id);
        const duplicate = fake.deliver(messageId);
        await untilLockWaiter(h);
        gate.release("send");
        assert.deepEqual(await expectJson(await duplicate, 200), { processed: false });
        await settle();
        assert.deepEqual(deliveriesOf(messageId).map((d) => d.status), [200]);
        assert.equal(h.mailer.outbox.filter((m) => m.to === message.to).length, 1);
      },
    });

    await t.step({
      name: "a duplicate delivery during a delivery that rolls back runs the job itself",
      ignore: !onRealPostgres,
      fn: async () => {
        const gate = mail.gate();
        const message = email();
        const { id } = await enqueueJob({
          ctx: h.deps,
          input: { name: "send-email", payload: message },
        });
        await gate.entered;
        const messageId = await messageIdOf(h, id);
        const duplicate = fake.deliver(messageId);
        await untilLockWaiter(h);
        gate.release("fail");
        assert.deepEqual(await expectJson(await duplicate, 200), { processed: true });
        await settle();
        assert.deepEqual(
          deliveriesOf(messageId).map((d) => [d.retried, d.status]),
          [[0, 503], [1, 200]],
          "the failed delivery's retry finds the job done",
        );
        assert.equal(h.mailer.outbox.filter((m) => m.to === message.to).length, 1);
      },
    });
  } finally {
    await h.close();
    await fake.close();
    await served.close();
  }
});

/** The QStash message id of an outbox row, once the relay has stamped it. */
async function messageIdOf(h: Harness, outboxId: string): Promise<string> {
  for (let i = 0; i < 500; i++) {
    const [row] = await h.deps.database.db.select({ messageId: outbox.messageId }).from(outbox)
      .where(eq(outbox.id, outboxId));
    if (row?.messageId) return row.messageId;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return assert.fail(`outbox row "${outboxId}" was never published`);
}

/** Waits until a session of the test database waits on a lock: the duplicate's claim. */
async function untilLockWaiter(h: Harness): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [row] = rowsOf<{ waiting: number }>(
      await h.deps.database.db.execute(sql`select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`),
    );
    if ((row?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail("the duplicate delivery never waited on the first one's claim");
}
