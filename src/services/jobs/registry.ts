import { sendEmailJob } from "../email/send_email_job.ts";
import { buildReportExportJob } from "../exports/build_report_export_job.ts";
import { maintainLedgerPartitionsJob } from "../maintenance/ledger_partitions_job.ts";
import { applyRetentionJob } from "../maintenance/retention_job.ts";
import { sweepOutboxJob } from "../maintenance/sweep_outbox_job.ts";
import { sendWeeklyDigestJob } from "../maintenance/weekly_digest_job.ts";
import type { JobDefinition } from "./job_definition.ts";

/** Every job the service knows, by name. A job name is part of the queue's wire format: never rename. */
// deno-lint-ignore no-explicit-any
export const JOBS: ReadonlyMap<string, JobDefinition<any>> = new Map(
  [
    sendEmailJob,
    buildReportExportJob,
    // Scheduled (services/maintenance/schedules.ts).
    sweepOutboxJob,
    maintainLedgerPartitionsJob,
    applyRetentionJob,
    sendWeeklyDigestJob,
  ].map((job) => [job.name, job]),
);
