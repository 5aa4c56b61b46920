import { and, eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { failedJobs } from "../../db/tables/jobs.ts";
import { ConflictError, NotFoundError } from "../../ports/errors.ts";
import { logAdminAction } from "../admin/admin_audit_log.ts";

/**
 * Discards a dead-lettered job: it stays listed as `discarded` and can no longer be retried.
 * Discarding one twice is fine; discarding a retried one is a conflict (its retry is under way).
 */
export async function discardFailedJob(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock" | "logger">;
    input: { id: string; actorId: string };
  },
): Promise<void> {
  const [updated] = await ctx.db.update(failedJobs)
    .set({ status: "discarded", resolvedAt: new Date(ctx.clock.now()) })
    .where(and(eq(failedJobs.id, input.id), eq(failedJobs.status, "pending")))
    .returning({ id: failedJobs.id });
  if (updated) {
    logAdminAction(ctx, { action: "discard-job", actorId: input.actorId, targetId: input.id });
    return;
  }
  const [row] = await ctx.db.select({ status: failedJobs.status }).from(failedJobs)
    .where(eq(failedJobs.id, input.id)).limit(1);
  if (!row) throw new NotFoundError(`No failed job "${input.id}"`);
  if (row.status === "retried") {
    throw new ConflictError(`Cannot discard failed job "${input.id}": it was retried already`);
  }
}
