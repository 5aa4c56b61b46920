import type { Ctx } from "../../context.ts";
import { withDeadline } from "../../lib/with_deadline.ts";
import type { CacheHealth } from "../../ports/cache.ts";
import { type OutboxStats, outboxStats } from "../jobs/outbox_stats.ts";
import { probe } from "./probe.ts";

export interface Readiness {
  status: "ok" | "degraded" | "unavailable";
  database: { ok: boolean; driver: string; latencyMs: number; error?: string };
  cache: CacheHealth[];
  /** How far behind background work is (a queue outage shows here first). */
  outbox?: OutboxStats;
}

/**
 * Readiness for load balancers and operators. The database is required: without it the instance is
 * "unavailable". The cache is optional: a failing tier only makes it "degraded", because every read
 * falls back to the database.
 */
export async function checkReadiness(
  { ctx, input }: {
    ctx: Pick<Ctx, "database" | "cache" | "db" | "clock">;
    input: { timeoutMs: number };
  },
): Promise<Readiness> {
  const [database, cache] = await Promise.all([
    probe(() => ctx.database.ping(), input.timeoutMs),
    withDeadline(ctx.cache.health(), input.timeoutMs).catch((): CacheHealth[] => [
      { tier: "all", ok: false, latencyMs: input.timeoutMs, error: "timeout" },
    ]),
  ]);
  const status = !database.ok ? "unavailable" : cache.every((t) => t.ok) ? "ok" : "degraded";
  const outbox = database.ok
    ? await withDeadline(outboxStats({ ctx }), input.timeoutMs).catch(() => undefined)
    : undefined;
  return { status, database: { driver: ctx.database.driver, ...database }, cache, outbox };
}
