import type { Ctx } from "../../context.ts";
import { findSubscription } from "./entitlement_queries.ts";
import {
  applyGraceEnd,
  entitlementsFromSubscription,
  entitlementsOf,
} from "./entitlement_rules.ts";
import { type Entitlements, entitlementsCache } from "./entitlements.ts";

/**
 * The caller's entitlements, never an error: memory, then Redis, then Postgres (through the
 * tiered cache). When Postgres cannot answer, a cached value is served however stale; a user
 * never seen before gets the free plan with status "unknown", because refusing every request of
 * a paying customer during an outage is worse than briefly under-serving one.
 */
export async function resolveEntitlements(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "logger">;
    input: { userId: string };
  },
): Promise<Entitlements> {
  const { userId } = input;
  try {
    const cached = await ctx.cache.swr(
      entitlementsCache,
      userId,
      async () => {
        const row = await findSubscription(ctx.db, userId);
        return entitlementsFromSubscription(row, userId, ctx.clock.now());
      },
    );
    if (cached) return applyGraceEnd(cached, ctx.clock.now());
  } catch (error) {
    ctx.logger.warn("Entitlements unavailable; answering the free plan", {
      userId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return entitlementsOf({
    userId,
    plan: "free",
    status: "unknown",
    graceUntil: null,
    now: ctx.clock.now(),
  });
}
