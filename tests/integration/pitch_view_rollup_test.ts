import assert from "node:assert/strict";
import { and, eq, sql } from "drizzle-orm";
import { pitchViewDaily } from "../../src/db/tables/analytics.ts";
import { pitchViews } from "../../src/db/tables/engagement.ts";
import { invalidateEntitlements } from "../../src/services/billing/invalidate_entitlements.ts";
import { applyRetention } from "../../src/services/maintenance/apply_retention.ts";
import { utcDay } from "../../src/lib/utc_day.ts";
import { bearer, signUpUser } from "../support/accounts.ts";
import { expectJson } from "../support/assertions.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";

const DAY = 86_400_000;
type Daily = Array<{ date: string; views: number }>;

/** Distinct viewers the test records `daysAgo` days before the start: 1 to 4, varying. */
const viewersOn = (daysAgo: number) => (daysAgo % 4) + 1;

async function rawRows(h: Harness, pitchId: string): Promise<number> {
  const [row] = await h.deps.db.select({ n: sql<number>`count(*)::int` }).from(pitchViews)
    .where(eq(pitchViews.pitchId, pitchId));
  return Number(row!.n);
}

Deno.test("pitch views roll up into daily counts and analytics read the same numbers", async (t) => {
  const h = await createHarness();
  // Noon UTC, so "days ago" never straddles midnight.
  const start = Math.floor(Date.now() / DAY) * DAY + DAY / 2;
  h.clock.set(start);
  try {
    const creator = await signUpUser(h);
    await putSubscription(h, creator.id, { status: "active" });
    await invalidateEntitlements(h.deps, creator.id);
    const pitch = await createPitch(h, creator.token);
    const other = await createPitch(h, creator.token);
    const view = (pitchId: string, viewer: string, atMs: number) =>
      h.deps.views.record({ pitchId, viewer, atMs });
    for (let daysAgo = 0; daysAgo <= 40; daysAgo++) {
      for (let v = 0; v < viewersOn(daysAgo); v++) {
        view(pitch.id, `viewer-${v}`, start - daysAgo * DAY);
        view(other.id, `viewer-${v}`, start - daysAgo * DAY);
      }
    }
    await h.deps.views.flush();
    const analytics = async () => {
      const response = await h.app.request(
        `/v1/pitches/${pitch.id}/analytics`,
        bearer(creator.token),
      );
      return (await expectJson<{ daily: Daily; viewCount: number }>(response, 200)).daily;
    };
    const sum = (from: number, to: number) => {
      let total = 0;
      for (let d = from; d <= to; d++) total += viewersOn(d);
      return total;
    };

    const before = await analytics();
    await t.step("before any roll-up, analytics count the raw rows of the last 30 days", () => {
      assert.equal(before.length, 30);
      assert.deepEqual(before.at(-1), { date: utcDay(start), views: viewersOn(0) });
      assert.deepEqual(before[0], { date: utcDay(start - 29 * DAY), views: viewersOn(29) });
    });

    await t.step(
      "a roll-up counts every complete day and prunes raw rows past 30 days",
      async () => {
        const report = await applyRetention({ ctx: h.deps });
        assert.deepEqual(report.pitchViews, {
          rolledUpDays: 40,
          rolledUpRows: 80,
          prunedRows: 2 * sum(31, 40),
        });
        assert.equal(await rawRows(h, pitch.id), sum(0, 30), "days 0 to 30 ago stay raw");
        const daily = await h.deps.db.select().from(pitchViewDaily)
          .where(eq(pitchViewDaily.pitchId, pitch.id));
        assert.equal(daily.length, 40);
        const byDay = new Map(daily.map((row) => [row.day, row.views]));
        assert.equal(
          byDay.get(utcDay(start - 35 * DAY)),
          viewersOn(35),
          "pruned days keep a count",
        );
        assert.equal(byDay.get(utcDay(start)), undefined, "today is not complete yet");
      },
    );

    await t.step("analytics are unchanged after the roll-up", async () => {
      assert.deepEqual(await analytics(), before);
    });

    await t.step("rolled-up days are read from the roll-up, not the raw rows", async () => {
      const fiveDaysAgo = utcDay(start - 5 * DAY);
      await h.deps.db.delete(pitchViews)
        .where(and(eq(pitchViews.pitchId, pitch.id), eq(pitchViews.day, fiveDaysAgo)));
      assert.deepEqual(await analytics(), before);
    });

    await t.step("a second run the same day changes nothing", async () => {
      const snapshot = await h.deps.db.select().from(pitchViewDaily).orderBy(
        pitchViewDaily.day,
        pitchViewDaily.pitchId,
      );
      const report = await applyRetention({ ctx: h.deps });
      assert.equal(report.pitchViews.prunedRows, 0, JSON.stringify(report));
      const after = await h.deps.db.select().from(pitchViewDaily).orderBy(
        pitchViewDaily.day,
        pitchViewDaily.pitchId,
      );
      assert.equal(after.length, snapshot.length);
      // Day 5 lost its raw rows in the step above; recounts only touch the last two days.
      assert.deepEqual(after, snapshot);
      assert.deepEqual(await analytics(), before);
    });

    await t.step(
      "today's new views show at once, and a late one for yesterday next run",
      async () => {
        view(pitch.id, "viewer-new-today", start + 60_000);
        view(pitch.id, "viewer-late", start - DAY);
        await h.deps.views.flush();
        const now = await analytics();
        assert.equal(now.at(-1)!.views, viewersOn(0) + 1);
        assert.equal(now.at(-2)!.views, viewersOn(1), "yesterday is read from its roll-up");
        await applyRetention({ ctx: h.deps });
        assert.equal((await analytics()).at(-2)!.views, viewersOn(1) + 1, "recounted");
      },
    );

    await t.step(
      "the next day, today's views move into the roll-up with the same count",
      async () => {
        h.clock.set(start + DAY);
        const before = await analytics();
        assert.equal(before.at(-2)!.views, viewersOn(0) + 1);
        const report = await applyRetention({ ctx: h.deps });
        assert.equal(report.pitchViews.prunedRows, 2 * viewersOn(30), JSON.stringify(report));
        assert.deepEqual(await analytics(), before);
      },
    );
  } finally {
    await h.close();
  }
});
