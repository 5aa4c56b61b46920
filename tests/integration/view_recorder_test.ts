import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { pitchViews } from "../../src/db/tables/engagement.ts";
import { pitches } from "../../src/db/tables/pitches.ts";
import { users } from "../../src/db/tables/users.ts";
import { createBufferedViewRecorder } from "../../src/adapters/view_recorder/buffered_view_recorder.ts";
import { createMemoryLogger } from "../support/memory_logger.ts";
import { createTestDatabase } from "../support/test_database.ts";

const DAY = 24 * 60 * 60_000;

Deno.test("buffered view recorder", async (t) => {
  const database = await createTestDatabase();
  const logger = createMemoryLogger();
  try {
    await database.db.insert(users).values({
      id: "usr_views",
      email: "views@example.com",
      name: "Views",
      role: "creator",
      passwordHash: "x",
    });
    await database.db.insert(pitches).values(["pit_a", "pit_b"].map((id) => ({
      id,
      ownerId: "usr_views",
      title: `Pitch ${id}`,
      logline: "A logline",
      genre: "drama" as const,
      format: "feature" as const,
      status: "published" as const,
      publishedAt: new Date(),
    })));
    const counts = async () => {
      const rows = await database.db.select({
        id: pitches.id,
        views: pitches.viewCount,
        score: pitches.trendingScore,
      })
        .from(pitches).orderBy(pitches.id);
      return Object.fromEntries(rows.map((r) => [r.id, r]));
    };
    const now = Date.UTC(2026, 5, 1, 12);

    await t.step(
      "records nothing until flushed, then counts each viewer once per day",
      async () => {
        const recorder = createBufferedViewRecorder({ database, logger, flushAfterMs: 60_000 });
        for (const viewer of ["v1", "v1", "v2", "v1"]) {
          recorder.record({ pitchId: "pit_a", viewer, atMs: now });
        }
        recorder.record({ pitchId: "pit_b", viewer: "v1", atMs: now });
        assert.equal((await counts()).pit_a!.views, 0, "no write on the read path");
        await recorder.flush();
        const after = await counts();
        assert.equal(after.pit_a!.views, 2);
        assert.equal(after.pit_b!.views, 1);
        assert.ok(after.pit_a!.score > after.pit_b!.score, "more views, higher trending score");
        await recorder.close();
      },
    );

    await t.step("another instance does not count the same viewer and day again", async () => {
      const other = createBufferedViewRecorder({ database, logger });
      other.record({ pitchId: "pit_a", viewer: "v2", atMs: now + 1000 });
      other.record({ pitchId: "pit_a", viewer: "v3", atMs: now + 1000 });
      await other.flush();
      assert.equal((await counts()).pit_a!.views, 3);
      await other.close();
    });

    await t.step("the next day the same viewer counts again", async () => {
      const recorder = createBufferedViewRecorder({ database, logger });
      recorder.record({ pitchId: "pit_a", viewer: "v1", atMs: now + DAY });
      await recorder.flush();
      assert.equal((await counts()).pit_a!.views, 4);
      const rows = await database.db.select().from(pitchViews).where(
        eq(pitchViews.pitchId, "pit_a"),
      );
      assert.equal(rows.length, 4);
      await recorder.close();
    });

    await t.step("views either side of midnight in one buffer count once on each day", async () => {
      const recorder = createBufferedViewRecorder({ database, logger, flushAfterMs: 60_000 });
      const before = (await counts()).pit_a!.views;
      const midnight = Date.UTC(2026, 5, 3);
      recorder.record({ pitchId: "pit_a", viewer: "night", atMs: midnight - 1 });
      recorder.record({ pitchId: "pit_a", viewer: "night", atMs: midnight - 1 });
      recorder.record({ pitchId: "pit_a", viewer: "night", atMs: midnight });
      recorder.record({ pitchId: "pit_a", viewer: "night", atMs: midnight + 5 });
      await recorder.close();
      assert.equal((await counts()).pit_a!.views, before + 2);
      const days = await database.db.select({ day: pitchViews.day }).from(pitchViews)
        .where(eq(pitchViews.viewer, "night"));
      assert.deepEqual(days.map((d) => String(d.day)).sort(), ["2026-06-02", "2026-06-03"]);
    });

    await t.step("a full batch is written without waiting for flush", async () => {
      const recorder = createBufferedViewRecorder({
        database,
        logger,
        maxBatch: 3,
        flushAfterMs: 60_000,
      });
      for (const viewer of ["w1", "w2", "w3"]) {
        recorder.record({ pitchId: "pit_b", viewer, atMs: now });
      }
      await recorder.close();
      assert.equal((await counts()).pit_b!.views, 4);
    });

    await t.step("views of unknown pitches are skipped, not failed", async () => {
      const recorder = createBufferedViewRecorder({ database, logger });
      recorder.record({ pitchId: "pit_gone", viewer: "v1", atMs: now });
      recorder.record({ pitchId: "pit_b", viewer: "late", atMs: now });
      await recorder.flush();
      assert.equal((await counts()).pit_b!.views, 5);
      assert.ok(
        !logger.lines.some((l) => l.level === "error"),
        JSON.stringify(logger.lines),
      );
      await recorder.close();
    });

    await t.step(
      "flush resolves after the cached copies of the counted pitches are dropped",
      async () => {
        // A reader who flushes and then reads (the owner looking at their count, a test) must not be
        // served a cached copy the announcement has not dropped yet; with Redis a drop takes a
        // round trip, which under load outlasted the read.
        const dropped: string[][] = [];
        const recorder = createBufferedViewRecorder({
          database,
          logger,
          onWritten: async (pitchIds) => {
            await new Promise((resolve) => setTimeout(resolve, 30));
            dropped.push(pitchIds);
          },
        });
        recorder.record({ pitchId: "pit_a", viewer: "announced", atMs: now });
        await recorder.flush();
        assert.deepEqual(dropped, [["pit_a"]]);
        await recorder.close();
      },
    );

    await t.step("a failed announcement is logged and does not count the views again", async () => {
      const recorder = createBufferedViewRecorder({
        database,
        logger,
        onWritten: () => Promise.reject(new Error("redis down")),
      });
      const before = (await counts()).pit_b!.views;
      recorder.record({ pitchId: "pit_b", viewer: "unannounced", atMs: now });
      await recorder.flush();
      await recorder.flush();
      assert.equal((await counts()).pit_b!.views, before + 1);
      assert.ok(
        logger.lines.some((l) => l.message === "Written views not announced"),
        JSON.stringify(logger.lines),
      );
      await recorder.close();
    });
  } finally {
    await database.close();
  }
});
