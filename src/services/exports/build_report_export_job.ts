import { and, asc, eq, isNull } from "drizzle-orm";
import { withTransaction } from "../shared/with_transaction.ts";
import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { reportExports } from "../../db/tables/exports.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { users } from "../../db/tables/users.ts";
import { refundQuota } from "../billing/refund_quota.ts";
import { queueEmail } from "../email/queue_email.ts";
import { exportReadyEmail } from "../email/templates/export_ready_email.ts";
import { defineJob } from "../jobs/job_definition.ts";
import { toCsv } from "./csv.ts";

/** The columns of the pitch performance report, as its header line names them. */
export const PITCH_PERFORMANCE_COLUMNS = [
  "id",
  "title",
  "status",
  "visibility",
  "published_at",
  "view_count",
  "save_count",
] as const;

/**
 * Builds a queued report export: the CSV of the owner's live pitches, oldest first. Delivery is at
 * least once, so: a missing export throws (the queue retries; the job is published only after the
 * request committed, so this is an export deleted with its account, dropped on the last attempt),
 * a ready one is left alone, and only the delivery that moves the export from queued to ready
 * sends the "ready" email. That update and the email's outbox row share a transaction, so the
 * email exists exactly when the export is ready. A build that fails on the queue's last attempt
 * marks the export failed and gives the export back to the monthly quota; earlier failures are
 * left to the retries.
 */
export const buildReportExportJob = defineJob({
  name: "build-report-export",
  payload: z.strictObject({ exportId: z.string().min(1).max(64) }),
  async handle({ ctx, input, meta }) {
    const db = ctx.db;
    const [found] = await db.select({
      userId: reportExports.userId,
      status: reportExports.status,
      createdAt: reportExports.createdAt,
    }).from(reportExports).where(eq(reportExports.id, input.exportId)).limit(1);
    if (!found) {
      // On the last attempt the request's transaction has long since rolled back, or the
      // account was deleted: there is nothing to build and nothing to wait for.
      if (meta.finalAttempt) {
        ctx.logger.warn("Report export dropped: it was never committed", {
          exportId: input.exportId,
        });
        return;
      }
      throw new Error(
        `Export "${input.exportId}" not found; its request may not have committed yet`,
      );
    }
    if (found.status !== "queued") return;
    try {
      const rows = await build(ctx, input.exportId, found.userId);
      if (rows !== undefined) {
        ctx.logger.info("Report export built", { exportId: input.exportId, rows });
      }
    } catch (error) {
      if (!meta.finalAttempt) throw error;
      await failExport(ctx, { exportId: input.exportId, ...found }, error);
    }
  },
});

/**
 * Builds the CSV and marks the export ready, queueing the email in the same transaction. Resolves
 * with the number of rows, or undefined when another delivery got there first.
 */
async function build(ctx: Ctx, exportId: string, userId: string): Promise<number | undefined> {
  // A savepoint around all of it: a failing statement must not abort the job's transaction, which
  // still has to mark the export failed on the last attempt.
  return await withTransaction(ctx, async (txCtx) => {
    const rows = await pitchPerformanceRows(txCtx, userId);
    const csv = toCsv(PITCH_PERFORMANCE_COLUMNS, rows);
    const tx = txCtx.db;
    const [updated] = await tx.update(reportExports).set({
      status: "ready",
      content: csv,
      rowCount: rows.length,
      error: null,
      completedAt: new Date(ctx.clock.now()),
    }).where(and(eq(reportExports.id, exportId), eq(reportExports.status, "queued")))
      .returning({ id: reportExports.id });
    // Another delivery got there first: it sends the email.
    if (!updated) return undefined;
    const [owner] = await tx.select({ email: users.email, name: users.name }).from(users)
      .where(eq(users.id, userId)).limit(1);
    if (!owner) return rows.length;
    await queueEmail({
      ctx: txCtx,
      input: {
        email: exportReadyEmail({
          appUrl: ctx.settings.appUrl,
          to: owner.email,
          name: owner.name,
          exportId,
          rowCount: rows.length,
        }),
        key: `export-ready:${exportId}`,
      },
    });
    return rows.length;
  });
}

/**
 * The last attempt failed: the export becomes `failed` and its unit of quota is refunded, in one
 * transaction and only once (only a still-queued export moves). The client sees a fixed message;
 * the cause goes to the log.
 */
async function failExport(
  ctx: Ctx,
  failed: { exportId: string; userId: string; createdAt: Date },
  cause: unknown,
): Promise<void> {
  const { exportId, userId } = failed;
  const now = ctx.clock.now();
  const refunded = await withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const [updated] = await tx.update(reportExports).set({
      status: "failed",
      error: EXPORT_FAILED_MESSAGE,
      completedAt: new Date(now),
    }).where(and(eq(reportExports.id, exportId), eq(reportExports.status, "queued")))
      .returning({ id: reportExports.id });
    if (!updated) return false;
    return await refundQuota({
      ctx: txCtx,
      input: { userId, metric: "exports", amount: 1, consumedAt: failed.createdAt.getTime() },
    });
  });
  ctx.logger.error("Report export failed on its last attempt", {
    exportId,
    refunded,
    error: cause instanceof Error ? cause.message : String(cause),
  });
}

/** What the owner reads on a failed export. */
export const EXPORT_FAILED_MESSAGE =
  "The report could not be built; it was not counted against your monthly exports";

/** One report line per live pitch of `ownerId`, in creation order. */
async function pitchPerformanceRows(ctx: Pick<Ctx, "db">, ownerId: string) {
  const rows = await ctx.db.select({
    id: pitches.id,
    title: pitches.title,
    status: pitches.status,
    visibility: pitches.visibility,
    publishedAt: pitches.publishedAt,
    viewCount: pitches.viewCount,
    saveCount: pitches.saveCount,
  }).from(pitches)
    .where(and(eq(pitches.ownerId, ownerId), isNull(pitches.deletedAt)))
    .orderBy(asc(pitches.createdAt), asc(pitches.id));
  return rows.map((r) => [
    r.id,
    r.title,
    r.status,
    r.visibility,
    r.publishedAt?.toISOString() ?? null,
    r.viewCount,
    r.saveCount,
  ]);
}
