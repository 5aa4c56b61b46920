import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { failedJobs } from "../../db/tables/jobs.ts";
import { ConflictError, NotFoundError } from "../../ports/errors.ts";
import { logAdminAction } from "../admin/admin_audit_log.ts";
import { withTransaction } from "../shared/with_transaction.ts";
import { enqueueJob } from "./enqueue_job.ts";
import { type FailedJobView, toFailedJobView } from "./failed_job_view.ts";

/**
 * Retries a dead-lettered job: enqueues its payload again through the outbox and marks it
 * `retried`, in one transaction, so two admins clicking at once enqueue it once (the row lock
 * decides). The new delivery gets a new message id; if it fails for good too, it becomes a dead
 * letter of its own. Only a `pending` one can be retried.
 */
export async function retryFailedJob(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock" | "outbox" | "logger">;
    input: { id: string; actorId: string };
  },
): Promise<FailedJobView> {
  const view = await withTransaction(ctx, async (txCtx) => {
    const [row] = await txCtx.db.select().from(failedJobs)
      .where(eq(failedJobs.id, input.id)).limit(1).for("update");
    if (!row) throw new NotFoundError(`No failed job "${input.id}"`);
    if (row.status !== "pending") {
      throw new ConflictError(
        `Cannot retry failed job "${input.id}": it was ${row.status} already`,
      );
    }
    const { id: outboxId } = await enqueueJob({
      ctx: txCtx,
      input: { name: row.jobName, payload: row.payload },
    });
    const [updated] = await txCtx.db.update(failedJobs).set({
      status: "retried",
      resolvedAt: new Date(ctx.clock.now()),
      retryOutboxId: outboxId,
    }).where(eq(failedJobs.id, input.id)).returning();
    return toFailedJobView(updated!);
  });
  logAdminAction(ctx, { action: "retry-job", actorId: input.actorId, targetId: input.id });
  return view;
}
