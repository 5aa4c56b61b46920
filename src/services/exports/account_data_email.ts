import { and, asc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { weeklyDigests } from "../../db/tables/digests.ts";
import { emailDailyCounts, emailOptOuts } from "../../db/tables/email.ts";
import { micros } from "../pitches/pitch_list_sql.ts";
import type { BuildProgress } from "./export_file_writer.ts";
import type { JsonSection } from "./json_lists.ts";
import { keysetBatches, pagesByTime } from "./keyset_batches.ts";

const PAGE = 1000;

/**
 * The account-data sections about email: the notification categories the user unsubscribed
 * from, how many notification emails went to them each day (the daily cap's counters) and the
 * weekly digests queued for them.
 */
export function accountEmailSections(
  ctx: Pick<Ctx, "db">,
  userId: string,
  progress: BuildProgress,
): JsonSection[] {
  const db = ctx.db;
  return [
    {
      name: "emailOptOuts",
      list: pagesByTime(
        progress,
        PAGE,
        { time: emailOptOuts.createdAt, tie: emailOptOuts.category },
        (after, limit) =>
          db.select({
            key: micros(emailOptOuts.createdAt),
            tie: emailOptOuts.category,
            category: emailOptOuts.category,
            createdAt: emailOptOuts.createdAt,
          }).from(emailOptOuts).where(and(eq(emailOptOuts.userId, userId), after))
            .orderBy(asc(emailOptOuts.createdAt), asc(emailOptOuts.category)).limit(limit),
      ),
    },
    {
      name: "emailDailyCounts",
      list: () =>
        keysetBatches(progress, PAGE, (last, limit) =>
          db.select({
            key: emailDailyCounts.day,
            tie: emailDailyCounts.day,
            day: emailDailyCounts.day,
            sent: emailDailyCounts.sent,
          }).from(emailDailyCounts).where(and(
            eq(emailDailyCounts.userId, userId),
            last ? sql`${emailDailyCounts.day} > ${last.key}::date` : undefined,
          )).orderBy(asc(emailDailyCounts.day)).limit(limit)),
    },
    {
      name: "weeklyDigests",
      list: () =>
        keysetBatches(progress, PAGE, (last, limit) =>
          db.select({
            key: weeklyDigests.weekStart,
            tie: weeklyDigests.weekStart,
            weekStart: weeklyDigests.weekStart,
            pitchCount: weeklyDigests.pitchCount,
            queuedAt: weeklyDigests.queuedAt,
          }).from(weeklyDigests).where(and(
            eq(weeklyDigests.userId, userId),
            last ? sql`${weeklyDigests.weekStart} > ${last.key}::date` : undefined,
          )).orderBy(asc(weeklyDigests.weekStart)).limit(limit)),
    },
  ];
}
