import { count, eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import type { PoolFigures } from "../../db/database.ts";
import { failedJobs } from "../../db/tables/jobs.ts";
import { type ProcessFigures, readProcessFigures } from "../../lib/process_figures.ts";
import { withDeadline } from "../../lib/with_deadline.ts";
import { type OutboxStats, outboxStats } from "../jobs/outbox_stats.ts";

/** The figures `GET /metrics` reads when scraped, beside the in-memory registry. */
export interface ScrapeFigures {
  /** Undefined when the database did not answer within the deadline. */
  outbox?: OutboxStats;
  /** Dead letters waiting for an admin to retry or discard them; undefined as above. */
  pendingFailedJobs?: number;
  pools: PoolFigures[];
  memoryCache: { entries: number; bytes: number };
  process: ProcessFigures;
}

/**
 * Reads what needs a query or a probe, at scrape time only. Each query runs under `timeoutMs`, so a
 * slow database costs a scrape at most that and leaves the series out instead of failing it.
 */
export async function readScrapeFigures(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock" | "database" | "cache">;
    input: { timeoutMs: number };
  },
): Promise<ScrapeFigures> {
  const [outbox, pendingFailedJobs] = await Promise.all([
    withDeadline(outboxStats({ ctx }), input.timeoutMs).catch(() => undefined),
    withDeadline(countPendingFailedJobs(ctx), input.timeoutMs).catch(() => undefined),
  ]);
  return {
    outbox,
    pendingFailedJobs,
    pools: ctx.database.pools?.() ?? [],
    memoryCache: ctx.cache.memoryUsage(),
    process: readProcessFigures(),
  };
}

async function countPendingFailedJobs(ctx: Pick<Ctx, "db">): Promise<number> {
  const [row] = await ctx.db.select({ n: count() }).from(failedJobs)
    .where(eq(failedJobs.status, "pending"));
  return Number(row?.n ?? 0);
}
