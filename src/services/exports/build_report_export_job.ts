import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "../../context.ts";
import { reportExports } from "../../db/tables/exports.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { users } from "../../db/tables/users.ts";
import { sendEmailJob } from "../email/send_email_job.ts";
import { defineJob } from "../jobs/job_definition.ts";
import { toCsv } from "./csv.ts";
import { exportReadyEmail } from "./export_emails.ts";

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
 * least once and may come before the request that queued it has committed, so: a missing export
 * throws (the queue retries), a ready one is left alone, and only the delivery that moves the
 * export from queued to ready sends the "ready" email. That update and the email's enqueue share
 * a transaction, so a queue outage leaves the export queued for the next attempt instead of ready
 * without an email.
 */
export const buildReportExportJob = defineJob({
  name: "build-report-export",
  payload: z.strictObject({ exportId: z.string().min(1).max(64) }),
  async handle({ ctx, input, meta }) {
    const db = ctx.database.db;
    const [found] = await db.select({
      userId: reportExports.userId,
      status: reportExports.status,
    }).from(reportExports).where(eq(reportExports.id, input.exportId)).limit(1);
    if (!found) {
      throw new Error(
        `Export "${input.exportId}" not found; its request may not have committed yet`,
      );
    }
    if (found.status === "ready") return;
    const rows = await pitchPerformanceRows(ctx, found.userId);
    const csv = toCsv(PITCH_PERFORMANCE_COLUMNS, rows);
    await db.transaction(async (tx) => {
      const [built] = await tx.update(reportExports).set({
        status: "ready",
        content: csv,
        rowCount: rows.length,
        error: null,
        completedAt: new Date(ctx.clock.now()),
      }).where(and(eq(reportExports.id, input.exportId), eq(reportExports.status, "queued")))
        .returning({ id: reportExports.id });
      // Another delivery got there first: it sends the email.
      if (!built) return;
      const [owner] = await tx.select({ email: users.email, name: users.name }).from(users)
        .where(eq(users.id, found.userId)).limit(1);
      if (!owner) return;
      await ctx.queue.enqueue({
        name: sendEmailJob.name,
        payload: exportReadyEmail({
          to: owner.email,
          name: owner.name,
          link: `${ctx.settings.appUrl}/exports/${encodeURIComponent(input.exportId)}`,
          rowCount: rows.length,
        }),
      }, { deduplicationId: `export-ready:${input.exportId}` });
    });
    ctx.logger.info("Report export built", {
      exportId: input.exportId,
      rows: rows.length,
      messageId: meta.messageId,
    });
  },
});

/** One report line per live pitch of `ownerId`, in creation order. */
async function pitchPerformanceRows(ctx: Pick<Deps, "database">, ownerId: string) {
  const rows = await ctx.database.db.select({
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
