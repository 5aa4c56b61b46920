import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { reportExports } from "../../db/tables/exports.ts";
import { defineJob } from "../jobs/job_definition.ts";
import { discardBuild } from "./discard_build.ts";
import { failExport } from "./fail_export.ts";
import { finishExport } from "./finish_export.ts";
import { type ExportToWrite, writeExportFile } from "./write_export_file.ts";

/**
 * Builds a queued report export. Delivery is at least once and may come before the request that
 * queued it has committed, so: a missing export throws (the queue retries), a ready one is left
 * alone, and concurrent deliveries each write their own build (chunks under their own build id),
 * of which only the first to finish is kept and sends the "ready" email. A build that fails on
 * the queue's last attempt marks the export failed and gives the export back to the monthly
 * quota; earlier failures are left to the retries.
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
      await build(ctx, { exportId, ...found });
    } catch (error) {
      if (!meta.finalAttempt) throw error;
      await failExport({ ctx, input: { exportId, ...found, cause: error } });
    }
  },
});

/** Writes the file, then marks the export ready with it; a build that is not kept is deleted. */
async function build(ctx: Ctx, toWrite: ExportToWrite): Promise<void> {
  const file = await writeExportFile({ ctx, input: toWrite });
  const { exportId } = toWrite;
  let kept = false;
  try {
    kept = await finishExport({ ctx, input: { ...toWrite, ...file } });
  } finally {
    // Another delivery finished first (its file is the one), or recording this one failed.
    if (!kept) await discardBuild({ ctx, input: { exportId, buildId: file.buildId } });
  }
  if (kept) ctx.logger.info("Report export built", { exportId, ...file.stats });
}
