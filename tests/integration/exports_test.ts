import assert from "node:assert/strict";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../src/db/database.ts";
import { usageCounters, usageLedger } from "../../src/db/tables/billing.ts";
import { reportExports } from "../../src/db/tables/exports.ts";
import { outbox } from "../../src/db/tables/jobs.ts";
import { SWEEP_PENDING_FOR_MS, sweepOutbox } from "../../src/services/jobs/sweep_outbox.ts";
import type { JobMessage, Queue } from "../../src/ports/queue.ts";
import { invalidateEntitlements } from "../../src/services/billing/invalidate_entitlements.ts";
import { periodAt } from "../../src/services/billing/periods.ts";
import { buildReportExportJob } from "../../src/services/exports/build_report_export_job.ts";
import { UpstreamError } from "../../src/ports/errors.ts";
import { bearer, jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness, type Harness, TEST_ORIGIN } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";

const DAY = 24 * 60 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const HEADER = "id,title,status,visibility,published_at,view_count,save_count\r\n";

interface ExportBody {
  id: string;
  kind: string;
  format: string;
  status: string;
  rowCount: number | null;
  createdAt: string;
  completedAt: string | null;
  expiresAt: string | null;
  expired: boolean;
  downloadUrl: string | null;
  error: string | null;
}

/**
 * The in-process queue behind a switch: "pass" forwards, "hold" keeps build jobs back until
 * `release` (a slow queue), "fail" refuses every job as an unreachable provider would.
 */
function switchableQueue() {
  const state = {
    mode: "pass" as "pass" | "hold" | "fail",
    accepted: [] as JobMessage[],
    held: [] as Array<() => Promise<unknown>>,
  };
  const wrap = (inner: Queue): Queue => ({
    name: inner.name,
    maxAttempts: inner.maxAttempts,
    enqueue(job, options) {
      if (state.mode === "fail") {
        return Promise.reject(new UpstreamError(`Cannot enqueue job "${job.name}": queue is down`));
      }
      state.accepted.push(job);
      if (state.mode === "hold" && job.name === buildReportExportJob.name) {
        state.held.push(() => inner.enqueue(job, options));
        return Promise.resolve({ id: `msg_held_${state.held.length}` });
      }
      return inner.enqueue(job, options);
    },
  });
  const release = async () => {
    for (const send of state.held.splice(0)) await send();
  };
  return { state, wrap, release };
}

Deno.test("report exports", async (t) => {
  const queue = switchableQueue();
  const h = await createHarness({ queue: queue.wrap });
  // The 28th of next month at noon: the month boundary is a short step away.
  h.clock.set(periodAt("month", Date.now()).resetsAt + 27 * DAY + DAY / 2);
  const requestExport = (token: string, body: unknown = { kind: "pitch-performance" }) =>
    h.app.request("/v1/me/exports", jsonRequest("POST", body, token));
  const getExport = (id: string, token: string) =>
    h.app.request(`/v1/me/exports/${id}`, bearer(token));
  const download = (id: string, token: string) =>
    h.app.request(`/v1/me/exports/${id}/download`, bearer(token));
  const exportRows = (user: TestUser) =>
    h.deps.database.db.select().from(reportExports).where(eq(reportExports.userId, user.id));
  try {
    const free = await signUpUser(h);
    let firstExportId = "";

    await t.step("a free user's first export is 202, then ready with the CSV", async () => {
      const publishedAt = iso(h.clock.now());
      const formula = await createPitch(h, free.token, { title: "=SUM(1+2)" });
      h.clock.advance(1_000);
      const quoted = await createPitch(h, free.token, { title: 'Cuts, "quoted" and more' }, {
        publish: false,
      });
      h.clock.advance(1_000);
      const gone = await createPitch(h, free.token, { title: "Deleted before the export" });
      const deleted = await h.app.request(
        `/v1/pitches/${gone.id}`,
        jsonRequest("DELETE", undefined, free.token),
      );
      assert.equal(deleted.status, 204, await deleted.text());
      h.clock.advance(1_000);
      const mention = await createPitch(h, free.token, { title: "@mention and -minus" }, {
        publish: false,
      });
      h.clock.advance(1_000);

      const response = await requestExport(free.token);
      const created = await expectJson<ExportBody>(response, 202);
      assert.match(created.id, /^exp_/);
      assert.equal(response.headers.get("location"), `/v1/me/exports/${created.id}`);
      assert.deepEqual(created, {
        id: created.id,
        kind: "pitch-performance",
        format: "csv",
        status: "queued",
        rowCount: null,
        createdAt: iso(h.clock.now()),
        completedAt: null,
        expiresAt: null,
        expired: false,
        downloadUrl: null,
        error: null,
      });
      firstExportId = created.id;

      await h.deps.background.drain();
      const ready = await expectJson<ExportBody>(await getExport(created.id, free.token), 200);
      assert.equal(ready.status, "ready", JSON.stringify(ready));
      assert.equal(ready.rowCount, 3);
      assert.equal(ready.completedAt, iso(h.clock.now()));
      assert.equal(ready.downloadUrl, `/v1/me/exports/${created.id}/download`);

      const file = await h.app.request(ready.downloadUrl!, bearer(free.token));
      const csv = await file.text();
      assert.equal(file.status, 200, csv);
      assert.equal(file.headers.get("content-type"), "text/csv; charset=utf-8");
      assert.equal(
        file.headers.get("content-disposition"),
        `attachment; filename="pitchey-pitch-performance-${iso(h.clock.now()).slice(0, 10)}.csv"`,
      );
      assert.equal(file.headers.get("cache-control"), "private, no-store");
      assert.equal(
        csv,
        HEADER +
          `${formula.id},'=SUM(1+2),published,public,${publishedAt},0,0\r\n` +
          `${quoted.id},"Cuts, ""quoted"" and more",draft,public,,0,0\r\n` +
          `${mention.id},'@mention and -minus,draft,public,,0,0\r\n`,
      );
    });

    await t.step("the ready email is enqueued once, linking to the export", () => {
      const emails = queue.state.accepted.filter((job) =>
        job.name === "send-email" && (job.payload as { tag: string }).tag === "export-ready"
      );
      assert.equal(emails.length, 1, JSON.stringify(queue.state.accepted));
      const sent = h.mailer.outbox.filter((m) => m.tag === "export-ready");
      assert.equal(sent.length, 1, JSON.stringify(h.mailer.outbox));
      assert.equal(sent[0]!.to, free.email);
      assert.ok(sent[0]!.text.includes(`${TEST_ORIGIN}/exports/${firstExportId}`), sent[0]!.text);
    });

    await t.step("a redelivered build job changes nothing and sends no second email", async () => {
      const [before] = await exportRows(free);
      const meta = { messageId: `msg_${crypto.randomUUID()}`, attempt: 1, finalAttempt: false };
      await buildReportExportJob.handle({ ctx: h.deps, input: { exportId: firstExportId }, meta });
      await h.deps.background.drain();
      assert.deepEqual((await exportRows(free))[0], before);
      assert.equal(h.mailer.outbox.filter((m) => m.tag === "export-ready").length, 1);
    });

    await t.step(
      "a build job for an export not yet committed throws, so it is retried",
      async () => {
        const meta = { messageId: `msg_${crypto.randomUUID()}`, attempt: 1, finalAttempt: false };
        await assert.rejects(
          buildReportExportJob.handle({ ctx: h.deps, input: { exportId: "exp_missing" }, meta }),
          /Export "exp_missing" not found/,
        );
      },
    );

    await t.step("the second export in a month is 403 quota-exceeded", async () => {
      const problem = await assertProblem(await requestExport(free.token), 403, "quota-exceeded");
      assert.equal(
        problem.detail,
        'Cannot export "pitch-performance": plan "free" allows 1 export a month',
      );
      assert.equal(problem.metric, "exports");
      assert.equal(problem.limit, 1);
      assert.equal(problem.used, 1);
      assert.equal(problem.resetsAt, iso(periodAt("month", h.clock.now()).resetsAt));
      assert.equal((await exportRows(free)).length, 1, "a refused export leaves no row");
    });

    await t.step("in the next month the free user may export again", async () => {
      h.clock.set(periodAt("month", h.clock.now()).resetsAt);
      await expectJson(await requestExport(free.token), 202);
      await assertProblem(await requestExport(free.token), 403, "quota-exceeded");
      await h.deps.background.drain();
      const list = await expectJson<{ items: ExportBody[] }>(
        await h.app.request("/v1/me/exports", bearer(free.token)),
        200,
      );
      assert.equal(list.items.length, 2);
      assert.equal(list.items[1]!.id, firstExportId, "newest first");
      assert.ok(list.items.every((item) => item.status === "ready" && !("content" in item)));
    });

    await t.step("a pro user gets 20 exports a month, a studio user is unlimited", async () => {
      const pro = await subscribed(h, "pro");
      for (let i = 0; i < 20; i++) await expectJson(await requestExport(pro.token), 202);
      const problem = await assertProblem(await requestExport(pro.token), 403, "quota-exceeded");
      assert.equal(problem.limit, 20);
      assert.equal(problem.used, 20);

      const studio = await subscribed(h, "studio");
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) {
        h.clock.advance(1_000);
        ids.push((await expectJson<ExportBody>(await requestExport(studio.token), 202)).id);
      }
      await h.deps.background.drain();
      const list = await expectJson<{ items: ExportBody[] }>(
        await h.app.request("/v1/me/exports", bearer(studio.token)),
        200,
      );
      assert.deepEqual(list.items.map((item) => item.id), ids.slice(5).reverse());
      assert.ok(list.items.every((item) => item.status === "ready"), JSON.stringify(list.items));
    });

    await t.step("5 concurrent requests by a free user allow exactly 1", async () => {
      const user = await signUpUser(h);
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => requestExport(user.token)),
      );
      const statuses = await Promise.all(responses.map(async (r) => {
        await r.body?.cancel();
        return r.status;
      }));
      assert.equal(statuses.filter((s) => s === 202).length, 1, statuses.join(","));
      assert.equal(statuses.filter((s) => s === 403).length, 4, statuses.join(","));
      assert.equal((await exportRows(user)).length, 1);
      const ledger = await h.deps.database.db.select().from(usageLedger)
        .where(and(eq(usageLedger.userId, user.id), eq(usageLedger.metric, "exports")));
      assert.equal(ledger.length, 1);
    });

    await t.step("someone else's export is 404, and so is its download", async () => {
      const other = await signUpUser(h);
      await assertProblem(await getExport(firstExportId, other.token), 404, "not-found");
      await assertProblem(await download(firstExportId, other.token), 404, "not-found");
      await assertProblem(await getExport("exp_unknown", free.token), 404, "not-found");
      const list = await expectJson<{ items: ExportBody[] }>(
        await h.app.request("/v1/me/exports", bearer(other.token)),
        200,
      );
      assert.deepEqual(list.items, []);
    });

    await t.step("a download before the export is ready is 409", async () => {
      const user = await signUpUser(h);
      queue.state.mode = "hold";
      const created = await expectJson<ExportBody>(await requestExport(user.token), 202);
      await h.deps.background.drain(); // the outbox relay hands the build job over after commit
      queue.state.mode = "pass";
      const problem = await assertProblem(await download(created.id, user.token), 409, "conflict");
      assert.equal(problem.exportStatus, "queued");
      await queue.release();
      await h.deps.background.drain();
      const file = await download(created.id, user.token);
      assert.equal(file.status, 200, await file.text());
    });

    await t.step(
      "when the queue refuses the job, the export is accepted and built once it works again",
      async () => {
        const user = await signUpUser(h);
        queue.state.mode = "fail";
        const created = await expectJson<ExportBody>(await requestExport(user.token), 202);
        await h.deps.background.drain();
        const [row] = await exportRows(user);
        assert.equal(row?.status, "queued", "the build job waits in the outbox");
        const [pending] = await h.deps.database.db.select().from(outbox)
          .where(and(eq(outbox.jobName, "build-report-export"), isNull(outbox.publishedAt)));
        assert.deepEqual(pending?.payload, { exportId: created.id }, JSON.stringify(pending));
        assert.match(pending?.lastError ?? "", /Cannot enqueue job "build-report-export"/);

        queue.state.mode = "pass";
        h.clock.advance(SWEEP_PENDING_FOR_MS);
        await sweepOutbox({ ctx: h.deps });
        await h.deps.background.drain();
        const ready = await expectJson<ExportBody>(await getExport(created.id, user.token), 200);
        assert.equal(ready.status, "ready", JSON.stringify(ready));
      },
    );

    await t.step("the body must name a known kind and nothing else", async () => {
      const user = await signUpUser(h);
      await assertProblem(
        await requestExport(user.token, { kind: "everything" }),
        422,
        "validation-failed",
      );
      await assertProblem(
        await requestExport(user.token, { kind: "pitch-performance", rows: 5 }),
        422,
        "validation-failed",
      );
      assert.equal((await exportRows(user)).length, 0);
    });

    await t.step(
      "a build failing on its last attempt marks the export failed and refunds it",
      async () => {
        const user = await signUpUser(h);
        queue.state.mode = "hold";
        const created = await expectJson<ExportBody>(await requestExport(user.token), 202);
        await h.deps.background.drain(); // the outbox relay hands the build job over after commit
        queue.state.mode = "pass";
        const job = (finalAttempt: boolean) =>
          buildReportExportJob.handle({
            ctx: { ...h.deps, db: failingSecondSelect(h) },
            input: { exportId: created.id },
            meta: { messageId: `msg_${crypto.randomUUID()}`, attempt: 1, finalAttempt },
          });
        await assert.rejects(job(false), /Database hiccup/, "an early failure is left to retries");
        assert.equal((await exportRows(user))[0]!.status, "queued");

        await job(true);
        const failed = await expectJson<ExportBody>(
          await getExport(created.id, user.token),
          200,
        );
        assert.equal(failed.status, "failed");
        assert.equal(failed.downloadUrl, null);
        assert.match(failed.error ?? "", /not counted against your monthly exports/);
        assert.ok(!failed.error?.includes("hiccup"), "the cause stays in the log");
        const ledger = await h.deps.database.db.select({ amount: usageLedger.amount })
          .from(usageLedger).where(eq(usageLedger.userId, user.id));
        assert.deepEqual(ledger.map((r) => r.amount).sort(), [-1, 1], "the ledger still sums up");
        const [counter] = await h.deps.database.db.select({ used: usageCounters.used })
          .from(usageCounters).where(eq(usageCounters.userId, user.id));
        assert.equal(counter?.used, 0, "the export was given back");

        await job(true);
        assert.equal(
          (await h.deps.database.db.select().from(usageLedger)
            .where(eq(usageLedger.userId, user.id))).length,
          2,
          "a second last-attempt delivery refunds nothing more",
        );
        await queue.release();
        await h.deps.background.drain();
        assert.equal((await exportRows(user))[0]!.status, "failed", "the held job did nothing");
        // The refunded export is usable again.
        await expectJson(await requestExport(user.token), 202);
      },
    );

    await t.step("every build job ran to completion: none gave up", async () => {
      await h.deps.background.drain();
      const gaveUp = h.logger.lines.filter((l) => l.message === "Job failed on every attempt");
      assert.deepEqual(gaveUp, []);
    });
  } finally {
    await h.close();
  }
});

/** A new user on `plan`, with any cached entitlements dropped so the plan counts at once. */
async function subscribed(h: Harness, plan: "pro" | "studio"): Promise<TestUser> {
  const user = await signUpUser(h);
  await putSubscription(h, user.id, { plan, status: "active" });
  await invalidateEntitlements(h.deps, user.id);
  return user;
}

/**
 * The harness database with its second `select` failing: the build job's first select (the
 * export) works and its second (the pitches) fails, as a dropped connection would. Transactions
 * opened on it hand out a transaction that counts and fails alike.
 */
function failingSecondSelect(h: Harness): Db {
  let selects = 0;
  const failing = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(target, property) {
        if (property === "select") {
          return (...args: Parameters<Db["select"]>) => {
            selects += 1;
            if (selects === 2) throw new Error("Database hiccup");
            return (target as unknown as Db).select(...args);
          };
        }
        if (property === "transaction") {
          return (work: (tx: unknown) => Promise<unknown>, ...rest: unknown[]) =>
            (target as unknown as Db).transaction(
              (tx) => work(failing(tx)),
              ...(rest as []),
            );
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return failing(h.deps.database.db);
}
