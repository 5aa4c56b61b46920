import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { exportChunks, reportExports } from "../../db/tables/exports.ts";
import { defineJob } from "../jobs/job_definition.ts";
import { withTransaction } from "../shared/with_transaction.ts";
import { failExport } from "./fail_export.ts";
import { finishExport } from "./finish_export.ts";
import { type ExportToWrite, writeExportFile, type WrittenExport } from "./write_export_file.ts";

/**
 * Builds a queued report export. Delivery is at least once, so: a missing export throws (the
 * queue retries; the job is published only after the request committed, so this is an export
 * deleted with its account, dropped on the last attempt), a ready one is left alone, and of
 * deliveries racing each other each writes its own build (chunks under its own build id) and only
 * the one that moves the export from queued to ready keeps its file and sends the "ready" email.
 * A build that fails on the queue's last attempt marks the export failed and gives the export
 * back to the monthly quota; earlier failures are left to the retries.
 */
export const buildReportExportJob = defineJob({
  name: "build-report-export",
  payload: z.strictObject({ exportId: z.string().min(1).max(64) }),
  async handle({ ctx, input, meta }) {
    const { exportId } = input;
    const [found] = await ctx.db.select({
      userId: reportExports.userId,
      kind: reportExports.kind,
      format: reportExports.format,
      status: reportExports.status,
      createdAt: reportExports.createdAt,
    }).from(reportExports).where(eq(reportExports.id, exportId)).limit(1);
    if (!found) {
      // On the last attempt the request's transaction has long since rolled back, or the
      // account was deleted: there is nothing to build and nothing to wait for.
      if (meta.finalAttempt) {
        ctx.logger.warn("Report export dropped: it was never committed", { exportId });
        return;
      }
      throw new Error(`Export "${exportId}" not found; its request may not have committed yet`);
    }
    if (found.status !== "queued") return;
    try {
      const kept = await build(ctx, { exportId, ...found });
      if (kept) ctx.logger.info("Report export built", { exportId, ...kept.stats });
    } catch (error) {
      if (!meta.finalAttempt) throw error;
      await failExport({ ctx, input: { exportId, ...found, cause: error } });
    }
  },
});

/**
 * Writes the file and marks the export ready with it, in a savepoint of the job's transaction
 * (or a transaction of its own): a failure rolls back the chunks written so far and leaves the
 * job's transaction usable for `failExport`. Resolves with the file, or undefined when another
 * delivery finished first (this build's chunks are then deleted).
 */
function build(ctx: Ctx, toWrite: ExportToWrite): Promise<WrittenExport | undefined> {
  return withTransaction(ctx, async (txCtx) => {
    const file = await writeExportFile({ ctx: txCtx, input: toWrite });
    if (await finishExport({ ctx: txCtx, input: { ...toWrite, ...file } })) return file;
    await txCtx.db.delete(exportChunks).where(and(
      eq(exportChunks.exportId, toWrite.exportId),
      eq(exportChunks.buildId, file.buildId),
    ));
    return undefined;
  });
}
