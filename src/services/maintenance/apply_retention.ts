import { and, inArray, isNotNull, lt, lte, or, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Ctx } from "../../context.ts";
import { processedWebhookEvents } from "../../db/tables/billing.ts";
import { oneTimeTokens, sessions } from "../../db/tables/credentials.ts";
import { processedJobs } from "../../db/tables/processed_jobs.ts";
import { emailDailyCounts } from "../../db/tables/email.ts";
import { failedJobs, outbox } from "../../db/tables/jobs.ts";
import { purgeExpiredExports, type PurgeOutcome } from "../exports/purge_expired_exports.ts";
import { purgeIdempotencyKeys } from "../idempotency/purge_idempotency_keys.ts";
import { deleteInBatches } from "./delete_in_batches.ts";
import { type PitchViewRollupReport, rollUpPitchViews } from "./roll_up_pitch_views.ts";

/** How long delivery records and raw pitch views are kept. */
export const RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
/** Published outbox rows are kept a week: enough to answer "was it sent?" while debugging. */
const OUTBOX_KEEP_DAYS = 7;

export interface RetentionReport {
  /** Job deliveries recorded more than 30 days ago (QStash stops redelivering within a day). */
  processedJobs: number;
  /** Webhook events recorded more than 30 days ago (Stripe stops retrying after 3 days). */
  processedWebhookEvents: number;
  /** Sessions past their expiry, or revoked (logout, password change). */
  sessions: number;
  /** Email-link tokens past their expiry, or used. */
  oneTimeTokens: number;
  /** `Idempotency-Key`s past their 24 hours. */
  idempotencyKeys: number;
  pitchViews: PitchViewRollupReport;
  /** Export files past their expiry, and chunks of builds that died. */
  expiredExports: PurgeOutcome;
  /** Outbox rows published more than 7 days ago (the queue has long delivered or dead-lettered). */
  publishedOutbox: number;
  /** Dead letters an admin retried or discarded more than 30 days ago; pending ones stay. */
  settledFailedJobs: number;
  /** Daily notification counters of days before yesterday (the cap reads today's only). */
  emailDailyCounts: number;
}

/**
 * Deletes what the service no longer needs, each kind by its own rule (see `RetentionReport`), and
 * rolls raw pitch views up into daily counts before pruning them. Every step is idempotent: a
 * second run finds nothing more to delete. Each kind is its own statements, so one step failing
 * leaves the others done; the job is retried as a whole.
 */
export async function applyRetention(
  { ctx }: { ctx: Pick<Ctx, "db" | "clock" | "logger"> },
): Promise<RetentionReport> {
  const now = new Date(ctx.clock.now());
  const cutoff = new Date(now.getTime() - RETENTION_DAYS * DAY_MS);
  const purge = (table: PgTable, where: SQL | undefined) => deleteInBatches(ctx.db, table, where!);
  const report: RetentionReport = {
    processedJobs: await purge(processedJobs, lt(processedJobs.processedAt, cutoff)),
    processedWebhookEvents: await purge(
      processedWebhookEvents,
      lt(processedWebhookEvents.processedAt, cutoff),
    ),
    sessions: await purge(
      sessions,
      or(lte(sessions.expiresAt, now), isNotNull(sessions.revokedAt)),
    ),
    oneTimeTokens: await purge(
      oneTimeTokens,
      or(lte(oneTimeTokens.expiresAt, now), isNotNull(oneTimeTokens.usedAt)),
    ),
    idempotencyKeys: await purgeIdempotencyKeys({ ctx }),
    pitchViews: await rollUpPitchViews({ ctx, input: { keepDays: RETENTION_DAYS } }),
    expiredExports: await purgeExpiredExports({ ctx }),
    publishedOutbox: await purge(
      outbox,
      lt(outbox.publishedAt, new Date(now.getTime() - OUTBOX_KEEP_DAYS * DAY_MS)),
    ),
    settledFailedJobs: await purge(
      failedJobs,
      and(inArray(failedJobs.status, ["retried", "discarded"]), lt(failedJobs.failedAt, cutoff)),
    ),
    emailDailyCounts: await purge(
      emailDailyCounts,
      lt(emailDailyCounts.day, new Date(now.getTime() - 2 * DAY_MS).toISOString().slice(0, 10)),
    ),
  };
  ctx.logger.info("Retention applied", {
    processedJobs: report.processedJobs,
    processedWebhookEvents: report.processedWebhookEvents,
    sessions: report.sessions,
    // The logger redacts any field named like "token"; this one is a count.
    emailLinks: report.oneTimeTokens,
    idempotencyKeys: report.idempotencyKeys,
    ...report.pitchViews,
    exportFiles: report.expiredExports.exports,
    exportChunks: report.expiredExports.chunks + report.expiredExports.orphanChunks,
    publishedOutbox: report.publishedOutbox,
    settledFailedJobs: report.settledFailedJobs,
    emailDailyCounts: report.emailDailyCounts,
  });
  return report;
}
