import type { Ctx } from "../../context.ts";
import { findSubscriptionIn } from "./entitlement_queries.ts";
import { entitlementsFromSubscription } from "./entitlement_rules.ts";
import type { Entitlements } from "./entitlements.ts";

/**
 * Entitlements straight from `subscriptions`, inside the caller's transaction (the publish gate
 * reads them with the rows it locks).
 */
export async function loadEntitlements(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "clock">; input: { userId: string } },
): Promise<Entitlements> {
  const row = await findSubscriptionIn(ctx.db, input.userId);
  return entitlementsFromSubscription(row, input.userId, ctx.clock.now());
}
