import assert from "node:assert/strict";
import { and, eq, sql } from "drizzle-orm";
import { MIGRATIONS_FOLDER } from "../../src/db/database.ts";
import { exportChunks, reportExports } from "../../src/db/tables/exports.ts";
import { invalidateEntitlements } from "../../src/services/billing/invalidate_entitlements.ts";
import { purgeExpiredExports } from "../../src/services/exports/purge_expired_exports.ts";
import { applyRetention } from "../../src/services/maintenance/apply_retention.ts";
import { bearer, signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { buildExport, type ExportView, requestExportHeld } from "../support/exports.ts";
import { createHarness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";

const DAY = 24 * 60 * 60_000;

Deno.test("export expiry and the purge of expired files", async (t) => {
  const h = await createHarness();
  const db = h.deps.database.db;
  try {
    const user = await signUpUser(h);
    await putSubscription(h, user.id, { plan: "studio", status: "active" });
    await invalidateEntitlements(h.deps, user.id);
    await createPitch(h, user.token, { title: "A pitch in every file" });
    const exportNow = async () => {
      const created = await requestExportHeld(h, user.token, { kind: "pitch-performance" });
      await buildExport(h, created.id);
      return await view(created.id);
    };
    const view = async (id: string) =>
      await expectJson<ExportView>(
        await h.app.request(`/v1/me/exports/${id}`, bearer(user.token)),
        200,
      );
    const download = (id: string) =>
      h.app.request(`/v1/me/exports/${id}/download`, bearer(user.token));
    const chunksOf = (id: string) =>
      db.select({ buildId: exportChunks.buildId }).from(exportChunks)
        .where(eq(exportChunks.exportId, id));

    let old: ExportView | undefined;
    let fresh: ExportView | undefined;

    await t.step("a ready export expires 7 days after it was built", async () => {
      old = await exportNow();
      assert.equal(old.status, "ready", JSON.stringify(old));
      assert.equal(Date.parse(old.expiresAt!), Date.parse(old.completedAt!) + 7 * DAY);
      assert.equal(old.expired, false);
      assert.equal(old.downloadUrl, `/v1/me/exports/${old.id}/download`);
    });

    await t.step("the download works until expiresAt, then it is 410 Gone", async () => {
      h.clock.set(Date.parse(old!.expiresAt!) - 1);
      const before = await download(old!.id);
      assert.equal(before.status, 200, await before.text());

      h.clock.set(Date.parse(old!.expiresAt!));
      const problem = await assertProblem(await download(old!.id), 410, "gone");
      assert.equal(problem.expiredAt, old!.expiresAt);
      assert.equal(
        problem.detail,
        `Export "${old!.id}" expired at "${
          old!.expiresAt
        }"; request a new export to get the data again`,
      );
      const expired = await view(old!.id);
      assert.equal(expired.status, "ready");
      assert.equal(expired.expired, true);
      assert.equal(expired.downloadUrl, null, "nothing to download any more");
      const list = await expectJson<{ items: ExportView[] }>(
        await h.app.request("/v1/me/exports", bearer(user.token)),
        200,
      );
      assert.equal(list.items.find((item) => item.id === old!.id)?.expired, true);
    });

    await t.step(
      "the purge deletes expired files only, and a second run finds nothing",
      async () => {
        fresh = await exportNow();
        assert.equal(fresh.expired, false);
        const oldChunks = (await chunksOf(old!.id)).length;
        assert.ok(oldChunks > 0);

        const outcome = await purgeExpiredExports({ ctx: h.deps });
        assert.deepEqual(outcome, { exports: 1, chunks: oldChunks, orphanChunks: 0 });
        assert.deepEqual(await chunksOf(old!.id), []);
        assert.ok((await chunksOf(fresh.id)).length > 0, "a live file is kept");
        const [row] = await db.select().from(reportExports).where(eq(reportExports.id, old!.id));
        assert.equal(row?.purgedAt?.getTime(), h.clock.now());
        assert.ok(h.logger.lines.some((l) => l.message === "Expired export files purged"));

        assert.deepEqual(await purgeExpiredExports({ ctx: h.deps }), {
          exports: 0,
          chunks: 0,
          orphanChunks: 0,
        });
        await assertProblem(await download(old!.id), 410, "gone");
        const live = await download(fresh.id);
        assert.equal(live.status, 200, await live.text());
      },
    );

    await t.step("stray chunks of builds that died are purged once an hour old", async () => {
      const now = h.clock.now();
      const stray = (buildId: string, at: number) => ({
        exportId: fresh!.id,
        buildId,
        seq: 0,
        bytes: new TextEncoder().encode("half a file"),
        createdAt: new Date(at),
      });
      await db.insert(exportChunks).values([
        stray("bld_dead", now - 2 * 60 * 60_000),
        stray("bld_running", now - 60_000),
      ]);
      const outcome = await purgeExpiredExports({ ctx: h.deps });
      assert.deepEqual(outcome, { exports: 0, chunks: 0, orphanChunks: 1 });
      const builds = new Set((await chunksOf(fresh!.id)).map((c) => c.buildId));
      assert.ok(!builds.has("bld_dead"));
      assert.ok(builds.has("bld_running"), "a build still writing is left alone");
      const live = await download(fresh!.id);
      assert.equal(live.status, 200, await live.text());
    });

    await t.step("the retention job purges expired export files", async () => {
      h.clock.set(Date.parse(fresh!.expiresAt!));
      const report = await applyRetention({ ctx: h.deps });
      assert.equal(report.expiredExports.exports, 1, JSON.stringify(report));
      // Every chunk of the export goes, the stray one of the build still "running" included.
      assert.deepEqual(await chunksOf(fresh!.id), []);
      await assertProblem(await download(fresh!.id), 410, "gone");
    });

    await t.step("the exportTtlDays setting (EXPORT_TTL_DAYS) sets the expiry", async () => {
      const created = await requestExportHeld(h, user.token, { kind: "pitch-performance" });
      const settings = { ...h.deps.settings, exportTtlDays: 1 };
      await buildExport(h, created.id, { ...h.deps, settings });
      const built = await view(created.id);
      assert.equal(Date.parse(built.expiresAt!), Date.parse(built.completedAt!) + DAY);
    });

    await t.step(
      "the migration keeps a CSV built before chunks, expiring 7 days after",
      async () => {
        const id = "exp_legacy_csv";
        const completedAt = new Date(h.clock.now() - DAY);
        const csv = "id,title\r\npit_1,Caf\u00e9 \u201cquoted\u201d\r\n";
        await db.insert(reportExports).values({
          id,
          userId: user.id,
          kind: "pitch-performance",
          status: "ready",
          content: csv,
          createdAt: completedAt,
          completedAt,
        });
        for (const statement of await handWrittenMigration()) await db.execute(sql.raw(statement));
        const response = await download(id);
        assert.equal(await response.text(), csv);
        assert.equal(
          response.headers.get("content-length"),
          String(new TextEncoder().encode(csv).length),
        );
        const migrated = await view(id);
        assert.equal(Date.parse(migrated.expiresAt!), completedAt.getTime() + 7 * DAY);
        const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(exportChunks)
          .where(and(eq(exportChunks.exportId, id), eq(exportChunks.buildId, "legacy")));
        assert.equal(Number(row?.n), 1);
      },
    );
  } finally {
    await h.close();
  }
});

/** The statements after `-- hand-written:` in the migration that added export chunks. */
async function handWrittenMigration(): Promise<string[]> {
  for await (const entry of Deno.readDir(MIGRATIONS_FOLDER)) {
    if (!entry.name.endsWith(".sql")) continue;
    const text = await Deno.readTextFile(`${MIGRATIONS_FOLDER}/${entry.name}`);
    const start = text.indexOf("-- hand-written: exports built before chunks");
    if (start < 0) continue;
    return text.slice(start).split("--> statement-breakpoint").map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
  throw new Error("No migration moves export content into chunks");
}
