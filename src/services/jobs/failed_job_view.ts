import type { failedJobs } from "../../db/tables/jobs.ts";
import type { FailedJobStatus } from "../../lib/enums.ts";

/**
 * A dead-lettered job as admins see it. The payload is left out: emails in it carry one-time
 * links (verification, password reset) and personal data an admin list has no need to show.
 */
export interface FailedJobView {
  id: string;
  messageId: string;
  jobName: string;
  error: string;
  attempts: number;
  failedAt: string;
  status: FailedJobStatus;
  resolvedAt: string | null;
  /** The outbox row a retry enqueued. */
  retryOutboxId: string | null;
}

export function toFailedJobView(row: typeof failedJobs.$inferSelect): FailedJobView {
  return {
    id: row.id,
    messageId: row.messageId,
    jobName: row.jobName,
    error: row.error,
    attempts: row.attempts,
    failedAt: row.failedAt.toISOString(),
    status: row.status,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    retryOutboxId: row.retryOutboxId,
  };
}
