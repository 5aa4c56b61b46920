import type { Ctx } from "../../context.ts";
import { failedJobs } from "../../db/tables/jobs.ts";
import { newId } from "../../lib/ids.ts";

export interface FailedJobInput {
  /** The queue's message id: a failure reported twice is recorded once. */
  messageId: string;
  jobName: string;
  payload: unknown;
  /** Safe to show an admin (see `safeErrorText`). */
  error: string;
  /** Deliveries made, the first included. */
  attempts: number;
}

/**
 * Records a job the queue gave up on as a dead letter, pending an admin's retry or discard.
 * Idempotent on the message id (failure callbacks are delivered at least once too). Returns the
 * dead letter's id and whether this call recorded it.
 */
export async function recordFailedJob(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "clock" | "logger">; input: FailedJobInput },
): Promise<{ id: string; recorded: boolean }> {
  const id = newId("fjb");
  const inserted = await ctx.db.insert(failedJobs).values({
    id,
    messageId: input.messageId,
    jobName: input.jobName,
    // jsonb holds any JSON value, but SQL null would break NOT NULL: keep "no payload" visible.
    payload: input.payload === undefined ? {} : input.payload,
    error: input.error,
    attempts: input.attempts,
    failedAt: new Date(ctx.clock.now()),
  }).onConflictDoNothing({ target: failedJobs.messageId }).returning({ id: failedJobs.id });
  if (inserted.length === 0) return { id: "", recorded: false };
  ctx.logger.error("Job dead-lettered", {
    job: input.jobName,
    messageId: input.messageId,
    failedJobId: id,
    attempts: input.attempts,
    error: input.error,
  });
  return { id, recorded: true };
}
