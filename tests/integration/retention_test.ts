import assert from "node:assert/strict";
import { eq, inArray } from "drizzle-orm";
import { processedWebhookEvents } from "../../src/db/tables/billing.ts";
import { oneTimeTokens, sessions } from "../../src/db/tables/credentials.ts";
import { processedJobs } from "../../src/db/tables/processed_jobs.ts";
import { emailDailyCounts } from "../../src/db/tables/email.ts";
import { failedJobs, outbox } from "../../src/db/tables/jobs.ts";
import { applyRetention } from "../../src/services/maintenance/apply_retention.ts";
import { bearer, jsonRequest, signUpUser } from "../support/accounts.ts";
import { expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";

const DAY = 86_400_000;

Deno.test("retention deletes what is past its time and keeps the rest", async (t) => {
  const h = await createHarness();
  const db = h.deps.db;
  const now = () => h.clock.now();
  const ago = (days: number) => new Date(now() - days * DAY);
  try {
    await t.step("job and webhook records older than 30 days go, younger ones stay", async () => {
      const tag = crypto.randomUUID();
      await db.insert(processedJobs).values([
        { messageId: `old_${tag}`, jobName: "send-email", processedAt: ago(31) },
        { messageId: `new_${tag}`, jobName: "send-email", processedAt: ago(29) },
      ]);
      await db.insert(processedWebhookEvents).values([
        { eventId: `evt_old_${tag}`, type: "invoice.paid", processedAt: ago(30.5) },
        { eventId: `evt_new_${tag}`, type: "invoice.paid", processedAt: ago(1) },
      ]);
      const report = await applyRetention({ ctx: h.deps });
      assert.equal(report.processedJobs, 1, JSON.stringify(report));
      assert.equal(report.processedWebhookEvents, 1, JSON.stringify(report));
      const jobs = await db.select({ id: processedJobs.messageId }).from(processedJobs);
      assert.deepEqual(jobs.map((j) => j.id).filter((id) => id.endsWith(tag)), [`new_${tag}`]);
      const events = await db.select({ id: processedWebhookEvents.eventId })
        .from(processedWebhookEvents);
      assert.deepEqual(events.map((e) => e.id).filter((id) => id.endsWith(tag)), [
        `evt_new_${tag}`,
      ]);
    });

    await t.step("expired and revoked sessions go; a live session still signs in", async () => {
      const [live, expired, loggedOut] = [
        await signUpUser(h),
        await signUpUser(h),
        await signUpUser(h),
      ];
      await db.update(sessions).set({ expiresAt: ago(1 / 24) })
        .where(eq(sessions.userId, expired.id));
      const logout = await h.app.request(
        "/v1/auth/logout",
        jsonRequest("POST", undefined, loggedOut.token),
      );
      assert.equal(logout.status, 204, await logout.text());

      const report = await applyRetention({ ctx: h.deps });
      assert.equal(report.sessions, 2, JSON.stringify(report));
      const left = await db.select({ userId: sessions.userId }).from(sessions)
        .where(inArray(sessions.userId, [live.id, expired.id, loggedOut.id]));
      assert.deepEqual(left.map((s) => s.userId), [live.id]);
      await expectJson(await h.app.request("/v1/me", bearer(live.token)), 200);
    });

    await t.step("expired and used email-link tokens go, a pending one stays", async () => {
      // Sign-up issues each user a verification token.
      const [pending, expired, used] = [
        await signUpUser(h),
        await signUpUser(h),
        await signUpUser(h),
      ];
      await db.update(oneTimeTokens).set({ expiresAt: ago(0.01) })
        .where(eq(oneTimeTokens.userId, expired.id));
      await db.update(oneTimeTokens).set({ usedAt: ago(0.5) })
        .where(eq(oneTimeTokens.userId, used.id));

      const report = await applyRetention({ ctx: h.deps });
      assert.equal(report.oneTimeTokens, 2, JSON.stringify(report));
      const left = await db.select({ userId: oneTimeTokens.userId }).from(oneTimeTokens)
        .where(inArray(oneTimeTokens.userId, [pending.id, expired.id, used.id]));
      assert.deepEqual(left.map((row) => row.userId), [pending.id]);
    });

    await t.step("old published outbox rows, settled dead letters and past caps go", async () => {
      const tag = crypto.randomUUID().slice(0, 8);
      const user = await signUpUser(h);
      await db.insert(outbox).values([
        { id: `obx_old_${tag}`, jobName: "send-email", payload: {}, publishedAt: ago(8) },
        { id: `obx_new_${tag}`, jobName: "send-email", payload: {}, publishedAt: ago(6) },
        { id: `obx_pending_${tag}`, jobName: "send-email", payload: {}, createdAt: ago(40) },
      ]);
      const dead = (id: string, status: "pending" | "retried" | "discarded", days: number) => ({
        id: `fjob_${id}_${tag}`,
        messageId: `msg_${id}_${tag}`,
        jobName: "send-email",
        payload: {},
        error: "down",
        attempts: 3,
        status,
        failedAt: ago(days),
      });
      await db.insert(failedJobs).values([
        dead("retried", "retried", 31),
        dead("discarded", "discarded", 31),
        dead("pending", "pending", 90),
        dead("recent", "discarded", 5),
      ]);
      const day = (days: number) => ago(days).toISOString().slice(0, 10);
      await db.insert(emailDailyCounts).values([
        { userId: user.id, day: day(3), sent: 4 },
        { userId: user.id, day: day(0), sent: 1 },
      ]);
      const report = await applyRetention({ ctx: h.deps });
      assert.equal(report.publishedOutbox, 1, JSON.stringify(report));
      assert.equal(report.settledFailedJobs, 2, JSON.stringify(report));
      assert.equal(report.emailDailyCounts, 1, JSON.stringify(report));
      const rows = await db.select({ id: outbox.id }).from(outbox);
      assert.deepEqual(
        rows.map((r) => r.id).filter((id) => id.endsWith(tag)).sort(),
        [`obx_new_${tag}`, `obx_pending_${tag}`],
      );
      const left = await db.select({ id: failedJobs.id }).from(failedJobs);
      assert.deepEqual(
        left.map((r) => r.id).filter((id) => id.endsWith(tag)).sort(),
        [`fjob_pending_${tag}`, `fjob_recent_${tag}`],
      );
    });

    await t.step("a second run deletes nothing more and logs its counts", async () => {
      const report = await applyRetention({ ctx: h.deps });
      assert.deepEqual(
        [
          report.processedJobs,
          report.processedWebhookEvents,
          report.sessions,
          report.oneTimeTokens,
          report.publishedOutbox,
          report.settledFailedJobs,
          report.emailDailyCounts,
        ],
        [0, 0, 0, 0, 0, 0, 0],
        JSON.stringify(report),
      );
      const logged = h.logger.lines.filter((l) => l.message === "Retention applied");
      assert.equal(logged.length, 5, JSON.stringify(logged));
      assert.equal(logged.at(-1)?.sessions, 0);
      assert.equal(logged.at(-3)?.emailLinks, 2, JSON.stringify(logged));
    });

    await t.step("the apply-retention job runs the same clean-up through the queue", async () => {
      const tag = crypto.randomUUID();
      await db.insert(processedJobs).values({
        messageId: `queued_${tag}`,
        jobName: "send-email",
        processedAt: ago(45),
      });
      await h.deps.queue.enqueue({ name: "apply-retention", payload: {} });
      await h.deps.background.drain();
      const left = await db.select().from(processedJobs)
        .where(eq(processedJobs.messageId, `queued_${tag}`));
      assert.deepEqual(left, []);
      const logged = h.logger.lines.filter((l) => l.message === "Retention applied").at(-1);
      assert.equal(logged?.processedJobs, 1, JSON.stringify(logged));
    });
  } finally {
    await h.close();
  }
});
