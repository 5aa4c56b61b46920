import { and, asc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { usageCounters, usageLedger } from "../../db/tables/billing.ts";
import { reportExports } from "../../db/tables/exports.ts";
import { fromMicros, micros } from "../pitches/pitch_list_sql.ts";
import type { BuildProgress } from "./export_file_writer.ts";
import type { JsonSection } from "./json_lists.ts";
import { keysetBatches, pagesByTime } from "./keyset_batches.ts";

const PAGE = 1000;

/**
 * The account-data sections about metering: quota counters per period, every ledger entry (in
 * the ledger index's order, metric then time, so each page is a range scan), and the user's
 * exports, this one included (still `queued` while it is being written).
 */
export function accountUsageSections(
  ctx: Pick<Ctx, "db">,
  userId: string,
  progress: BuildProgress,
): JsonSection[] {
  const db = ctx.db;
  return [
    {
      name: "usageCounters",
      list: pagesByTime(
        progress,
        PAGE,
        { time: usageCounters.periodStart, tie: usageCounters.metric },
        (after, limit) =>
          db.select({
            key: micros(usageCounters.periodStart),
            tie: usageCounters.metric,
            metric: usageCounters.metric,
            periodStart: usageCounters.periodStart,
            used: usageCounters.used,
          }).from(usageCounters).where(and(eq(usageCounters.userId, userId), after))
            .orderBy(asc(usageCounters.periodStart), asc(usageCounters.metric)).limit(limit),
      ),
    },
    {
      name: "usageLedger",
      list: () =>
        keysetBatches(progress, PAGE, (last, limit) =>
          db.select({
            key: micros(usageLedger.occurredAt),
            tie: sql<string>`${usageLedger.id}::text`,
            metric: usageLedger.metric,
            amount: usageLedger.amount,
            periodStart: usageLedger.periodStart,
            occurredAt: usageLedger.occurredAt,
          }).from(usageLedger).where(and(
            eq(usageLedger.userId, userId),
            last
              ? sql`(${usageLedger.metric}, ${usageLedger.occurredAt}, ${usageLedger.id}) > (${last.metric}, ${
                fromMicros(last.key)
              }, ${last.tie}::bigint)`
              : undefined,
          )).orderBy(asc(usageLedger.metric), asc(usageLedger.occurredAt), asc(usageLedger.id))
            .limit(limit)),
    },
    {
      name: "exports",
      list: pagesByTime(
        progress,
        PAGE,
        { time: reportExports.createdAt, tie: reportExports.id },
        (after, limit) =>
          db.select({
            key: micros(reportExports.createdAt),
            tie: reportExports.id,
            id: reportExports.id,
            kind: reportExports.kind,
            format: reportExports.format,
            status: reportExports.status,
            rowCount: reportExports.rowCount,
            createdAt: reportExports.createdAt,
            completedAt: reportExports.completedAt,
            expiresAt: reportExports.expiresAt,
          }).from(reportExports).where(and(eq(reportExports.userId, userId), after))
            .orderBy(asc(reportExports.createdAt), asc(reportExports.id)).limit(limit),
      ),
    },
  ];
}
