import { and, eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { reportExports } from "../../db/tables/exports.ts";
import { refundQuota } from "../billing/refund_quota.ts";
import { forgetUsage } from "../billing/usage_cache.ts";
import { withTransaction } from "../shared/with_transaction.ts";

/** What the owner reads on a failed export. */
export const EXPORT_FAILED_MESSAGE =
  "The report could not be built; it was not counted against your monthly exports";

/**
 * The last attempt failed: the export becomes `failed` and its unit of quota is refunded, in one
 * transaction and only once (only a still-queued export moves). The client sees a fixed message;
 * the cause goes to the log.
 */
export async function failExport(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "logger">;
    input: { exportId: string; userId: string; createdAt: Date; cause: unknown };
  },
): Promise<void> {
  const { exportId, userId, cause } = input;
  const now = ctx.clock.now();
  const refunded = await withTransaction(ctx, async (txCtx) => {
    const [updated] = await txCtx.db.update(reportExports).set({
      status: "failed",
      error: EXPORT_FAILED_MESSAGE,
      completedAt: new Date(now),
    }).where(and(eq(reportExports.id, exportId), eq(reportExports.status, "queued")))
      .returning({ id: reportExports.id });
    if (!updated) return false;
    return await refundQuota({
      ctx: txCtx,
      input: { userId, metric: "exports", amount: 1, consumedAt: input.createdAt.getTime() },
    });
  });
  if (refunded) await forgetUsage(ctx, userId);
  ctx.logger.error("Report export failed on its last attempt", {
    exportId,
    refunded,
    error: cause instanceof Error ? cause.message : String(cause),
  });
}
