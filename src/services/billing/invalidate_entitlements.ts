import type { Ctx } from "../../context.ts";
import { entitlementsCache } from "./entitlements.ts";

/**
 * Call after committing any change to a user's subscription: drops the cached entitlements from
 * every tier (and, through the invalidation log, from other instances' memory), so the next read
 * resolves the new plan from Postgres.
 */
export async function invalidateEntitlements(
  ctx: Pick<Ctx, "cache">,
  userId: string,
): Promise<void> {
  await ctx.cache.remove(entitlementsCache, userId);
}
