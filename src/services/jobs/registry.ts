import { sendEmailJob } from "../email/send_email_job.ts";
import { buildReportExportJob } from "../exports/build_report_export_job.ts";
import type { JobDefinition } from "./job_definition.ts";

/** Every job the service knows, by name. A job name is part of the queue's wire format: never rename. */
// deno-lint-ignore no-explicit-any
export const JOBS: ReadonlyMap<string, JobDefinition<any>> = new Map(
  [sendEmailJob, buildReportExportJob].map((job) => [job.name, job]),
);
