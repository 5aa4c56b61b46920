import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { outbox } from "../../src/db/tables/jobs.ts";
import type { OutboxRelay } from "../../src/ports/outbox_relay.ts";
import { enqueueJob } from "../../src/services/jobs/enqueue_job.ts";
import { outboxStats } from "../../src/services/jobs/outbox_stats.ts";
import { relayOutbox } from "../../src/services/jobs/relay_outbox.ts";
import { SWEEP_PENDING_FOR_MS, sweepOutbox } from "../../src/services/jobs/sweep_outbox.ts";
import { withTransaction } from "../../src/services/shared/with_transaction.ts";
import { jsonRequest, randomUser } from "../support/accounts.ts";
import { expectJson } from "../support/assertions.ts";
import { createHarness, type Harness, TEST_ORIGIN } from "../support/harness.ts";
import { controllableQueue } from "../support/queues.ts";
import { openPgliteAt } from "../support/test_database.ts";

const onRealPostgres = Boolean(Deno.env.get("TEST_DATABASE_URL"));

function email(tag = crypto.randomUUID().slice(0, 8)) {
  return { to: `outbox-${tag}@example.test`, subject: `Hello ${tag}`, text: "Hi", tag: "welcome" };
}

async function rowOf(h: Harness, id: string) {
  const [row] = await h.deps.database.db.select().from(outbox).where(eq(outbox.id, id));
  return row;
}

/** A relay that only counts kicks, to see when `withTransaction` makes them. */
function countingRelay(): OutboxRelay & { kicks: number } {
  return {
    kicks: 0,
    kick() {
      this.kicks += 1;
    },
    close: () => Promise.resolve(),
  };
}

async function signUp(h: Harness) {
  const user = randomUser();
  const response = await h.app.request("/v1/auth/signup", jsonRequest("POST", user));
  await expectJson(response, 201);
  return user;
}

Deno.test("transactional outbox", async (t) => {
  const queue = controllableQueue();
  const h = await createHarness({ queue: queue.wrap });
  try {
    await t.step(
      "a job enqueued in a committed transaction is published once, deduplicated by its row id",
      async () => {
        const message = email();
        const { id } = await withTransaction(
          h.deps,
          (tx) => enqueueJob({ ctx: tx, input: { name: "send-email", payload: message } }),
        );
        await h.deps.background.drain();

        const publishes = queue.state.seen.filter((s) => s.options.deduplicationId === id);
        assert.equal(publishes.length, 1, JSON.stringify(queue.state.seen));
        assert.deepEqual(publishes[0]!.job, { name: "send-email", payload: message });
        const row = await rowOf(h, id);
        assert.ok(row?.publishedAt, JSON.stringify(row));
        assert.match(row.messageId ?? "", /^msg_/);
        assert.equal(row.attempts, 1);
        assert.equal(row.lastError, null);
        assert.equal(h.mailer.outbox.filter((m) => m.to === message.to).length, 1);
      },
    );

    await t.step("a job enqueued in a rolled-back transaction leaves nothing behind", async () => {
      const before = queue.state.seen.length;
      let id = "";
      await assert.rejects(
        withTransaction(h.deps, async (tx) => {
          ({ id } = await enqueueJob({ ctx: tx, input: { name: "send-email", payload: email() } }));
          throw new Error("the change failed");
        }),
        /the change failed/,
      );
      await h.deps.background.drain();
      assert.equal(await rowOf(h, id), undefined);
      assert.equal(queue.state.seen.length, before, JSON.stringify(queue.state.seen));
    });

    await t.step(
      "the relay is kicked once, after the outermost commit, never on rollback",
      async () => {
        const relay = countingRelay();
        const ctx = { ...h.deps, outbox: relay };
        await withTransaction(ctx, async (outer) => {
          await withTransaction(
            outer,
            (inner) => enqueueJob({ ctx: inner, input: { name: "send-email", payload: email() } }),
          );
          await enqueueJob({ ctx: outer, input: { name: "send-email", payload: email() } });
          assert.equal(relay.kicks, 0, "nothing is visible to the relay before the commit");
        });
        assert.equal(relay.kicks, 1);
        await withTransaction(ctx, async (tx) => {
          await enqueueJob({ ctx: tx, input: { name: "send-email", payload: email() } });
          throw new Error("rolled back");
        }).catch(() => {});
        assert.equal(relay.kicks, 1, "a rollback kicks nothing");
        await enqueueJob({ ctx, input: { name: "send-email", payload: email() } });
        assert.equal(relay.kicks, 2, "outside a transaction the row is committed: kicked at once");
        h.deps.outbox.kick(); // publish what the counting relay held back
        await h.deps.background.drain();
      },
    );

    let signedUp: ReturnType<typeof randomUser>;

    await t.step(
      "a sign-up while the queue refuses is a 201, and the welcome email waits in the outbox",
      async () => {
        queue.state.mode = "fail";
        signedUp = await signUp(h);
        await h.deps.background.drain();

        const rows = await h.deps.database.db.select().from(outbox);
        const pending = rows.filter((r) => (r.payload as { to: string }).to === signedUp.email);
        assert.equal(pending.length, 1, JSON.stringify(rows));
        const row = pending[0]!;
        assert.equal(row.publishedAt, null);
        assert.equal(row.attempts, 1, "the after-commit kick tried once");
        assert.equal(row.lastError, 'Cannot enqueue job "send-email": queue is down');
        assert.equal(h.mailer.outbox.filter((m) => m.to === signedUp.email).length, 0);
        h.clock.advance(5_000);
        assert.deepEqual(await outboxStats({ ctx: h.deps }), {
          depth: 1,
          oldestPendingAgeMs: 5_000,
        });
      },
    );

    await t.step(
      "once the queue works, the sweep publishes the pending row and the email is sent",
      async () => {
        queue.state.mode = "pass";
        const early = await sweepOutbox({ ctx: h.deps });
        assert.equal(early.published, 0, "a row younger than the sweep's age is left to its kick");

        h.clock.advance(SWEEP_PENDING_FOR_MS);
        const swept = await sweepOutbox({ ctx: h.deps });
        assert.deepEqual(swept, { passes: 1, published: 1, failed: 0 });
        await h.deps.background.drain();
        const sent = h.mailer.outbox.filter((m) => m.to === signedUp.email);
        assert.equal(sent.length, 1, JSON.stringify(h.mailer.outbox));
        assert.match(sent[0]!.text, new RegExp(`${TEST_ORIGIN}/verify-email\\?token=`));
        assert.deepEqual(await outboxStats({ ctx: h.deps }), { depth: 0, oldestPendingAgeMs: 0 });
        const swept_line = h.logger.lines.find((l) => l.message === "Outbox swept" && l.published);
        assert.equal(swept_line?.published, 1, JSON.stringify(h.logger.lines.slice(-5)));
      },
    );

    await t.step("a refused row waits out its backoff before the relay tries again", async () => {
      queue.state.mode = "fail";
      const { id } = await enqueueJob({
        ctx: h.deps,
        input: { name: "send-email", payload: email() },
      });
      await h.deps.background.drain();
      queue.state.mode = "pass";
      const during = await relayOutbox({ ctx: h.deps });
      assert.equal(during.claimed, 0, "1 s of backoff after the first refusal");
      assert.equal((await rowOf(h, id))?.publishedAt, null);
      h.clock.advance(1_000);
      const after = await relayOutbox({ ctx: h.deps });
      assert.deepEqual(after, { claimed: 1, published: 1, failed: 0, more: false });
      assert.equal((await rowOf(h, id))?.attempts, 2);
      await h.deps.background.drain();
    });

    await t.step("a delayed job is published at once with the delay left", async () => {
      queue.state.mode = "swallow";
      const { id } = await enqueueJob({
        ctx: h.deps,
        input: { name: "send-email", payload: email(), delaySeconds: 30 },
      });
      await h.deps.background.drain();
      const publish = queue.state.seen.find((s) => s.options.deduplicationId === id);
      assert.equal(publish?.options.delaySeconds, 30, JSON.stringify(publish));
      queue.state.mode = "pass";
    });

    await t.step("a row being published is not claimed by a second relay", async () => {
      queue.state.mode = "hold";
      const { id } = await enqueueJob({
        ctx: h.deps,
        input: { name: "send-email", payload: email() },
      });
      await queue.holding(); // the kick's pass claimed the row and waits on the queue
      const second = await relayOutbox({ ctx: h.deps });
      assert.equal(second.claimed, 0, JSON.stringify(second));
      queue.release();
      await h.deps.background.drain();
      const publishes = queue.state.seen.filter((s) => s.options.deduplicationId === id);
      assert.equal(publishes.length, 1, JSON.stringify(publishes));
      assert.ok((await rowOf(h, id))?.publishedAt);
    });

    await t.step({
      name: "a relay skips a row another transaction has locked instead of waiting for it",
      ignore: !onRealPostgres,
      fn: async () => {
        const quiet = { ...h.deps, outbox: countingRelay() };
        const { id } = await enqueueJob({
          ctx: quiet,
          input: { name: "send-email", payload: email() },
        });
        await h.deps.database.db.transaction(async (tx) => {
          await tx.select().from(outbox).where(eq(outbox.id, id)).for("update");
          const pass = await relayOutbox({ ctx: h.deps });
          assert.equal(pass.claimed, 0, JSON.stringify(pass));
        });
        const pass = await relayOutbox({ ctx: h.deps });
        assert.equal(pass.claimed, 1, JSON.stringify(pass));
        await h.deps.background.drain();
      },
    });
  } finally {
    await h.close();
  }
});

Deno.test("a welcome email left in the outbox is sent after a restart on the embedded database", async (t) => {
  const dataDir = await Deno.makeTempDir({ prefix: "pitchey_outbox_" });
  const open = () => openPgliteAt(dataDir);
  try {
    const down = controllableQueue();
    down.state.mode = "fail";
    const first = await createHarness({ database: await open(), queue: down.wrap });
    let user: ReturnType<typeof randomUser>;
    try {
      user = await signUp(first);
      await first.deps.background.drain();
    } finally {
      await first.close();
    }

    const second = await createHarness({ database: await open() });
    try {
      await t.step("the pending row survived the restart", async () => {
        const stats = await outboxStats({ ctx: second.deps });
        assert.equal(stats.depth, 1, JSON.stringify(stats));
      });

      await t.step("the sweep publishes it, the email is sent, and its link verifies", async () => {
        second.clock.advance(SWEEP_PENDING_FOR_MS);
        await sweepOutbox({ ctx: second.deps });
        await second.deps.background.drain();
        const sent = second.mailer.outbox.find((m) => m.to === user.email && m.tag === "welcome");
        assert.ok(sent, JSON.stringify(second.mailer.outbox));
        const token = /verify-email\?token=(\S+)/.exec(sent.text)?.[1];
        assert.ok(token, sent.text);
        const verified = await second.app.request(
          "/v1/auth/verify-email",
          jsonRequest("POST", { token: decodeURIComponent(token) }),
        );
        const body = await expectJson<{ user: { emailVerified: boolean } }>(verified, 200);
        assert.equal(body.user.emailVerified, true, JSON.stringify(body));
      });
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
