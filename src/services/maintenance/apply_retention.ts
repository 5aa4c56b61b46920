import { isNotNull, lt, lte, or, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Ctx } from "../../context.ts";
import { processedWebhookEvents } from "../../db/tables/billing.ts";
import { oneTimeTokens, sessions } from "../../db/tables/credentials.ts";
import { processedJobs } from "../../db/tables/processed_jobs.ts";
import { purgeIdempotencyKeys } from "../idempotency/purge_idempotency_keys.ts";
import { deleteInBatches } from "./delete_in_batches.ts";
import { type PitchViewRollupReport, rollUpPitchViews } from "./roll_up_pitch_views.ts";

/** How long delivery records and raw pitch views are kept. */
export const RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

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
  };
  // TODO(exports): expired export files. When the exports branch lands, add
  // `expiredExports: await purgeExpiredExports({ ctx })` (src/services/exports/) to the report.
  ctx.logger.info("Retention applied", {
    processedJobs: report.processedJobs,
    processedWebhookEvents: report.processedWebhookEvents,
    sessions: report.sessions,
    // The logger redacts any field named like "token"; this one is a count.
    emailLinks: report.oneTimeTokens,
    idempotencyKeys: report.idempotencyKeys,
    ...report.pitchViews,
  });
  return report;
}
