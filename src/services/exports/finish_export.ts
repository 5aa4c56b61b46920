import { and, eq, ne } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { exportChunks, reportExports } from "../../db/tables/exports.ts";
import { users } from "../../db/tables/users.ts";
import type { ExportKind } from "../../lib/enums.ts";
import { queueEmail } from "../email/queue_email.ts";
import { exportReadyEmail } from "../email/templates/export_ready_email.ts";
import { withTransaction } from "../shared/with_transaction.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Marks a queued export ready with the file of `buildId`, expiring `settings.exportTtlDays` from
 * now, and queues the "ready" email (an outbox row), in one transaction: the email exists exactly
 * when the export is ready. Returns false, changing nothing, when
 * the export is no longer queued (another delivery finished first, or it failed or vanished).
 * Chunks of other builds of the export (ones that died half way) go in the same transaction.
 */
export async function finishExport(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock" | "outbox" | "settings">;
    input: {
      exportId: string;
      userId: string;
      kind: ExportKind;
      buildId: string;
      rowCount: number;
      sizeBytes: number;
    };
  },
): Promise<boolean> {
  const { exportId, buildId } = input;
  const now = ctx.clock.now();
  const expiresAt = new Date(now + ctx.settings.exportTtlDays * DAY_MS);
  return await withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const [updated] = await tx.update(reportExports).set({
      status: "ready",
      buildId,
      rowCount: input.rowCount,
      sizeBytes: input.sizeBytes,
      error: null,
      completedAt: new Date(now),
      expiresAt,
    }).where(and(eq(reportExports.id, exportId), eq(reportExports.status, "queued")))
      .returning({ id: reportExports.id });
    if (!updated) return false;
    await tx.delete(exportChunks).where(
      and(eq(exportChunks.exportId, exportId), ne(exportChunks.buildId, buildId)),
    );
    const [owner] = await tx.select({ email: users.email, name: users.name }).from(users)
      .where(eq(users.id, input.userId)).limit(1);
    if (!owner) return true;
    await queueEmail({
      ctx: txCtx,
      input: {
        email: exportReadyEmail({
          appUrl: ctx.settings.appUrl,
          to: owner.email,
          name: owner.name,
          exportId,
          rowCount: input.rowCount,
          report: input.kind === "account-data" ? "account data export" : undefined,
          noun: input.kind === "account-data" ? "account data export" : undefined,
          expiresAt,
        }),
        key: `export-ready:${exportId}`,
      },
    });
    return true;
  });
}
