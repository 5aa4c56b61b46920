import type { Ctx } from "../../context.ts";
import { weeklyDigests } from "../../db/tables/digests.ts";
import { queueEmail } from "../email/queue_email.ts";
import { weeklyDigestEmail } from "../email/templates/weekly_digest_email.ts";
import { unsubscribeUrl } from "../email/unsubscribe_token.ts";
import { withTransaction } from "../shared/with_transaction.ts";
import { type DigestCandidate, weeklyDigestCandidates } from "./weekly_digest_candidates.ts";

const DAY_MS = 86_400_000;
/** Pitches listed in one email; the rest are counted and left to the feed. */
export const DIGEST_PITCHES_PER_EMAIL = 10;
const USERS_PER_PAGE = 100;

export interface WeeklyDigestReport {
  /** The Monday (UTC) of the week the run belongs to: one digest per user per week. */
  weekStart: string;
  /** Digests queued by this run. */
  queued: number;
  /** Pitches listed in them, in all. */
  pitches: number;
}

type Needs = Pick<Ctx, "db" | "clock" | "logger" | "outbox" | "settings" | "signer">;

/**
 * Queues the weekly digest: for every user with a verified email who follows creators that
 * published listed pitches in the last 7 days, one `send-email` job listing them. Users are read a
 * page at a time. Each digest is recorded in `weekly_digests` in the transaction that queues its
 * email, the enqueue last, so a queue refusal rolls the record back (the job fails and its retry
 * picks the user up again) and a second run in the same week queues nothing new.
 */
export async function sendWeeklyDigest(
  { ctx, input = {} }: { ctx: Needs; input?: { usersPerPage?: number } },
): Promise<WeeklyDigestReport> {
  const usersPerPage = input.usersPerPage ?? USERS_PER_PAGE;
  const now = ctx.clock.now();
  const weekStart = utcWeekStart(now);
  const report: WeeklyDigestReport = { weekStart, queued: 0, pitches: 0 };
  let after = "";
  for (;;) {
    const page = await weeklyDigestCandidates(ctx.db, {
      since: new Date(now - 7 * DAY_MS),
      until: new Date(now),
      weekStart,
      after,
      limit: usersPerPage,
      perUser: DIGEST_PITCHES_PER_EMAIL,
    });
    for (const candidate of page) {
      if (await queueDigest(ctx, candidate, weekStart)) {
        report.queued += 1;
        report.pitches += candidate.pitches.length;
      }
    }
    if (page.length < usersPerPage) break;
    after = page.at(-1)!.userId;
  }
  ctx.logger.info("Weekly digest queued", { ...report });
  return report;
}

async function queueDigest(ctx: Needs, user: DigestCandidate, weekStart: string) {
  return await withTransaction(ctx, async (tx) => {
    const recorded = await tx.db.insert(weeklyDigests).values({
      userId: user.userId,
      weekStart,
      pitchCount: user.total,
      queuedAt: new Date(tx.clock.now()),
    }).onConflictDoNothing().returning({ userId: weeklyDigests.userId });
    // Another run got there first (the candidates query ran before its commit).
    if (recorded.length === 0) return false;
    const email = weeklyDigestEmail({
      to: user.email,
      userId: user.userId,
      name: user.name,
      appUrl: tx.settings.appUrl,
      pitches: user.pitches,
      total: user.total,
      unsubscribeUrl: await unsubscribeUrl({
        ctx: tx,
        input: { userId: user.userId, category: "weekly-digest" },
      }),
    });
    await queueEmail({
      ctx: tx,
      input: { email, key: `weekly-digest:${user.userId}:${weekStart}` },
    });
    return true;
  });
}

/** The Monday, UTC, of the week `epochMs` falls in, as "2026-03-02". */
export function utcWeekStart(epochMs: number): string {
  const d = new Date(epochMs);
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - sinceMonday))
    .toISOString().slice(0, 10);
}
