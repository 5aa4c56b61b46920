import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { processedJobs } from "../../db/schema.ts";
import { issuesToPointerErrors } from "../../lib/zod_issues.ts";
import { BadRequestError, NotFoundError } from "../../ports/errors.ts";
import type { JobMeta } from "./job_definition.ts";
import { JOBS } from "./registry.ts";

export interface RunJobInput extends JobMeta {
  name: string;
  payload: unknown;
}

/**
 * Runs one delivery of a job, whichever queue delivered it. A message id seen before is
 * acknowledged without running again, so a redelivery after a lost acknowledgement is harmless.
 * Returns whether the handler ran.
 */
export async function runJob({ ctx, input }: { ctx: Ctx; input: RunJobInput }): Promise<boolean> {
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
  const db = ctx.db;
  const seen = await db.select({ id: processedJobs.messageId }).from(processedJobs)
    .where(eq(processedJobs.messageId, input.messageId)).limit(1);
  if (seen.length > 0) {
    ctx.logger.info("Job delivery skipped: already processed", {
      job: input.name,
      messageId: input.messageId,
    });
    return false;
  }
  await job.handle({ ctx, input: parsed.data, meta: input });
  await db.insert(processedJobs).values({ messageId: input.messageId, jobName: input.name })
    .onConflictDoNothing();
  return true;
}
