import assert from "node:assert/strict";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../src/db/database.ts";
import { exportChunks, reportExports } from "../../src/db/tables/exports.ts";
import { pitches } from "../../src/db/tables/pitches.ts";
import { newId } from "../../src/lib/ids.ts";
import { buildReportExportJob } from "../../src/services/exports/build_report_export_job.ts";
import { EXPORT_CHUNK_BYTES } from "../../src/services/exports/export_file_writer.ts";
import { PITCH_REPORT_BATCH_ROWS } from "../../src/services/exports/pitch_performance_report.ts";
import { bearer, signUpUser, type TestUser } from "../support/accounts.ts";
import { expectJson } from "../support/assertions.ts";
import { buildExport, type ExportView, requestExportHeld } from "../support/exports.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";
import { invalidateEntitlements } from "../../src/services/billing/invalidate_entitlements.ts";

/** More than two pages of the report, so a page boundary falls between rows of one timestamp. */
const ROWS = PITCH_REPORT_BATCH_ROWS * 2 + 50;

Deno.test("export files: formats, streaming in batches and chunks", async (t) => {
  const h = await createHarness();
  const db = h.deps.database.db;
  try {
    const user = await studioUser(h);

    await t.step("pitch-performance as JSON keeps values as they are", async () => {
      const formula = await createPitch(h, user.token, { title: "=SUM(1+2)" });
      const { view, response, text } = await exportAndDownload(h, user, {
        kind: "pitch-performance",
        format: "json",
      });
      assert.equal(view.format, "json");
      assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
      assert.match(
        response.headers.get("content-disposition") ?? "",
        /^attachment; filename="pitchey-pitch-performance-\d{4}-\d{2}-\d{2}\.json"$/,
      );
      const doc = JSON.parse(text) as { kind: string; exportId: string; items: unknown[] };
      assert.equal(doc.kind, "pitch-performance");
      assert.equal(doc.exportId, view.id);
      assert.deepEqual(doc.items, [{
        id: formula.id,
        title: "=SUM(1+2)",
        status: "published",
        visibility: "public",
        publishedAt: new Date(h.clock.now()).toISOString(),
        viewCount: 0,
        saveCount: 0,
      }]);
      await db.delete(pitches).where(eq(pitches.id, formula.id));
    });

    await t.step(`${ROWS} rows are read in keyset pages and written in chunks`, async () => {
      await insertPitches(h, user, ROWS);
      const { view, response, text, reads } = await exportAndDownload(h, user, {
        kind: "pitch-performance",
      });
      const built = h.logger.lines.find((l) =>
        l.message === "Report export built" && l.exportId === view.id
      );
      assert.ok(built, JSON.stringify(h.logger.lines.slice(-5)));
      // Two full pages, then the short one that ends the read.
      assert.equal(built.batches, Math.floor(ROWS / PITCH_REPORT_BATCH_ROWS) + 1);
      assert.equal(built.rows, ROWS);
      const chunks = await db.select({ seq: exportChunks.seq, bytes: exportChunks.bytes })
        .from(exportChunks).where(eq(exportChunks.exportId, view.id)).orderBy(exportChunks.seq);
      assert.equal(built.chunks, chunks.length);
      assert.ok(chunks.length >= 2, `the file is in ${chunks.length} chunk(s)`);
      for (const chunk of chunks.slice(0, -1)) {
        assert.ok(chunk.bytes.byteLength >= EXPORT_CHUNK_BYTES, `chunk ${chunk.seq} is short`);
        assert.ok(chunk.bytes.byteLength < EXPORT_CHUNK_BYTES + 64 * 1024, "one page at most");
      }
      assert.equal(reads, chunks.length, "the download streams one chunk per read");
      const size = chunks.reduce((sum, c) => sum + c.bytes.byteLength, 0);
      assert.equal(response.headers.get("content-length"), String(size));
      assert.equal(view.rowCount, ROWS);

      const lines = text.split("\r\n").slice(1, -1);
      const expected = await db.select({ id: pitches.id }).from(pitches)
        .where(and(eq(pitches.ownerId, user.id), isNull(pitches.deletedAt)))
        .orderBy(asc(pitches.createdAt), asc(pitches.id));
      assert.equal(lines.length, ROWS);
      assert.deepEqual(
        lines.map((line) => line.slice(0, line.indexOf(","))),
        expected.map((r) => r.id),
        "every pitch once, oldest first, across page boundaries inside one timestamp",
      );
    });

    await t.step("a build that fails half way leaves no chunks behind (rolled back)", async () => {
      const created = await requestExportHeld(h, user.token, { kind: "pitch-performance" });
      const meta = { messageId: `msg_${crypto.randomUUID()}`, attempt: 1, finalAttempt: false };
      // Selects: the export, then pages 1, 2 and 3: the third page fails after a chunk is written.
      const failing = instrumented(db, { failSelect: 4 });
      await assert.rejects(
        buildReportExportJob.handle({
          ctx: { ...h.deps, db: failing.db },
          input: { exportId: created.id },
          meta,
        }),
        /Database hiccup/,
      );
      assert.ok(failing.inserts() >= 1, "a chunk was written before the failure");
      const left = await db.select().from(exportChunks).where(
        eq(exportChunks.exportId, created.id),
      );
      assert.deepEqual(left, [], "the partial file was deleted");
      const [row] = await db.select().from(reportExports).where(eq(reportExports.id, created.id));
      assert.equal(row?.status, "queued", "left for the retry");
    });

    await t.step("concurrent deliveries keep one build and send one email", async () => {
      const created = await requestExportHeld(h, user.token, { kind: "pitch-performance" });
      // Both deliveries pass the "still queued" check before either starts its build (a barrier
      // on the transaction each opens for it): both write a file and exactly one is kept.
      const bothWritten = barrier(2);
      const emails = () => h.mailer.outbox.filter((m) => m.tag === "export-ready").length;
      const emailsBefore = emails();
      const deliveries = [0, 1].map(() => instrumented(db, { beforeTransaction: bothWritten }));
      await Promise.all(deliveries.map((delivery) =>
        buildReportExportJob.handle({
          ctx: { ...h.deps, db: delivery.db },
          input: { exportId: created.id },
          meta: { messageId: `msg_${crypto.randomUUID()}`, attempt: 1, finalAttempt: false },
        })
      ));
      await h.deps.background.drain();
      assert.ok(deliveries.every((d) => d.inserts() >= 2), "both wrote a file");
      assert.equal(emails() - emailsBefore, 1, "one ready email");
      const [row] = await db.select().from(reportExports).where(eq(reportExports.id, created.id));
      assert.equal(row?.status, "ready");
      const builds = await db.selectDistinct({ buildId: exportChunks.buildId }).from(exportChunks)
        .where(eq(exportChunks.exportId, created.id));
      assert.deepEqual(builds, [{ buildId: row!.buildId }], "the losing build's chunks are gone");
      const built = h.logger.lines.filter((l) =>
        l.message === "Report export built" && l.exportId === created.id
      );
      assert.equal(built.length, 1);
      const file = await h.app.request(`/v1/me/exports/${created.id}/download`, bearer(user.token));
      const text = await file.text();
      assert.equal(file.status, 200, text);
      assert.equal(text.split("\r\n").length - 2, ROWS);
    });
  } finally {
    await h.close();
  }
});

/** A signed-up user on the studio plan: unlimited exports. */
async function studioUser(h: Harness): Promise<TestUser> {
  const user = await signUpUser(h);
  await putSubscription(h, user.id, { plan: "studio", status: "active" });
  await invalidateEntitlements(h.deps, user.id);
  return user;
}

/** Requests an export, lets it build, and downloads it, counting the body's reads. */
async function exportAndDownload(h: Harness, user: TestUser, body: Record<string, unknown>) {
  const created = await requestExportHeld(h, user.token, body);
  await buildExport(h, created.id);
  const view = await expectJson<ExportView>(
    await h.app.request(`/v1/me/exports/${created.id}`, bearer(user.token)),
    200,
  );
  assert.equal(view.status, "ready", JSON.stringify(view));
  const response = await h.app.request(view.downloadUrl!, bearer(user.token));
  assert.equal(response.status, 200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let reads = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    text += decoder.decode(read.value, { stream: true });
    reads += 1;
  }
  return { view, response, text: text + decoder.decode(), reads };
}

/** `count` live pitches of `owner`, ten to a timestamp, written in one statement. */
async function insertPitches(h: Harness, owner: TestUser, count: number): Promise<void> {
  const base = h.clock.now();
  await h.deps.database.db.insert(pitches).values(
    Array.from({ length: count }, (_, i) => {
      const at = new Date(base + Math.floor(i / 10) * 1000);
      return {
        id: newId("pit"),
        ownerId: owner.id,
        title: `Pitch number ${i}, "quoted"`,
        logline: "A logline",
        genre: "drama" as const,
        format: "feature" as const,
        status: "published" as const,
        createdAt: at,
        updatedAt: at,
        publishedAt: at,
      };
    }),
  );
}

/**
 * `db` that counts inserts, can fail its `failSelect`th select (as a dropped connection would)
 * and can wait on `beforeTransaction` before opening a transaction. Transactions opened on it hand
 * out a transaction that counts and fails alike.
 */
function instrumented(
  db: Db,
  options: { failSelect?: number; beforeTransaction?: () => Promise<void> },
): { db: Db; inserts: () => number } {
  let selects = 0;
  let inserts = 0;
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(target, property) {
        const real = target as unknown as Db;
        if (property === "select") {
          return (...args: Parameters<Db["select"]>) => {
            selects += 1;
            if (selects === options.failSelect) throw new Error("Database hiccup");
            return real.select(...args);
          };
        }
        if (property === "insert") inserts += 1;
        if (property === "transaction") {
          return async (work: (tx: unknown) => Promise<unknown>, ...rest: unknown[]) => {
            await options.beforeTransaction?.();
            return real.transaction((tx) => work(wrap(tx)), ...(rest as []));
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return { db: wrap(db), inserts: () => inserts };
}

/** Resolves every waiter once `parties` have arrived. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  const { promise, resolve } = Promise.withResolvers<void>();
  return () => {
    arrived += 1;
    if (arrived === parties) resolve();
    return promise;
  };
}
