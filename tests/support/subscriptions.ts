import { subscriptions } from "../../src/db/tables/billing.ts";
import type { Harness } from "./harness.ts";

/** Writes (or replaces) a user's subscription row directly, as an applied webhook would. */
export async function putSubscription(
  h: Harness,
  userId: string,
  fields: { plan?: "pro" | "studio"; status: string; graceUntil?: Date | null },
): Promise<void> {
  const row = {
    userId,
    subscriptionId: `sub_${userId}`,
    customerId: `cus_${userId}`,
    plan: fields.plan ?? "pro",
    status: fields.status,
    graceUntil: fields.graceUntil ?? null,
    providerUpdatedAt: new Date(h.clock.now()),
  };
  await h.deps.database.db.insert(subscriptions).values(row).onConflictDoUpdate({
    target: subscriptions.userId,
    set: { plan: row.plan, status: row.status, graceUntil: row.graceUntil },
  });
}
