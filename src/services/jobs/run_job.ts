import type { Ctx } from "../../context.ts";
import { processedJobs } from "../../db/schema.ts";
import { jobOutcomes } from "../../lib/metrics/app_metrics.ts";
import { traced } from "../../lib/tracing.ts";
import { issuesToPointerErrors } from "../../lib/zod_issues.ts";
import { BadRequestError, NotFoundError } from "../../ports/errors.ts";
import { withTransaction } from "../shared/with_transaction.ts";
import type { JobMeta } from "./job_definition.ts";
import { isPermanentJobFailure } from "./job_failures.ts";
import { JOBS } from "./registry.ts";

export interface RunJobInput extends JobMeta {
  name: string;
  payload: unknown;
}

/**
 * Runs one delivery of a job, whichever queue delivered it, claiming the message first: inside the
 * job's transaction the message id is inserted into `processed_jobs` (or skipped when there), then
 * the handler runs with the transaction's ctx. Of two concurrent deliveries of one message, the
 * second insert waits for the first transaction: after its commit the second skips, after its
 * rollback the second runs. A redelivery after a lost acknowledgement is thus acknowledged without
 * running again. An unknown job is a `NotFoundError` and a payload failing its schema a
 * `BadRequestError`: permanent failures (see `isPermanentJobFailure`). Returns whether the handler
 * ran.
 */
export async function runJob({ ctx, input }: { ctx: Ctx; input: RunJobInput }): Promise<boolean> {
  // Job names arrive in URLs: only registered ones become label values.
  const label = JOBS.has(input.name) ? input.name : "unknown";
  try {
    const ran = await traced(
      "job.run",
      () => ({ "pitchey.job": label, "pitchey.job.attempt": input.attempt }),
      () => runRegisteredJob(ctx, input),
    );
    jobOutcomes.at(label, ran ? "succeeded" : "duplicate").inc();
    return ran;
  } catch (error) {
    jobOutcomes.at(label, isPermanentJobFailure(error) ? "rejected" : "failed").inc();
    throw error;
  }
}

async function runRegisteredJob(ctx: Ctx, input: RunJobInput): Promise<boolean> {
  const job = JOBS.get(input.name);
  if (!job) throw new NotFoundError(`No job named "${input.name}"`);
  const parsed = job.payload.safeParse(input.payload);
  if (!parsed.success) {
    throw new BadRequestError(`Payload of job "${input.name}" is invalid`, {
      errors: issuesToPointerErrors(parsed.error.issues).map(({ pointer, detail }) => ({
        pointer,
        detail,
      })),
    });
  }
  const ran = await withTransaction(ctx, async (txCtx) => {
    const claimed = await txCtx.db.insert(processedJobs)
      .values({ messageId: input.messageId, jobName: input.name })
      .onConflictDoNothing().returning({ id: processedJobs.messageId });
    if (claimed.length === 0) return false;
    await job.handle({ ctx: txCtx, input: parsed.data, meta: input });
    return true;
  });
  if (!ran) {
    ctx.logger.info("Job delivery skipped: already processed", {
      job: input.name,
      messageId: input.messageId,
    });
  }
  return ran;
}
