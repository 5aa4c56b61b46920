import { count, isNull, min } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { outbox } from "../../db/tables/jobs.ts";

export interface OutboxStats {
  /** Rows not yet published. */
  depth: number;
  /** Age of the oldest of them; 0 when there is none. */
  oldestPendingAgeMs: number;
}

/** How far behind the outbox relay is, for metrics and alerts (one index-only scan). */
export async function outboxStats(
  { ctx }: { ctx: Pick<Ctx, "db" | "clock"> },
): Promise<OutboxStats> {
  const [row] = await ctx.db.select({ depth: count(), oldest: min(outbox.createdAt) })
    .from(outbox).where(isNull(outbox.publishedAt));
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : undefined;
  return {
    depth: Number(row?.depth ?? 0),
    oldestPendingAgeMs: oldest === undefined ? 0 : Math.max(0, ctx.clock.now() - oldest),
  };
}
