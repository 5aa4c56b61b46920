import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import type { Db, Tx } from "../../db/database.ts";
import { billingCustomers, subscriptions } from "../../db/tables/billing.ts";
import { users } from "../../db/tables/users.ts";
import type { SubscriptionSnapshot } from "../../ports/payments.ts";
import { entitlementsFromSubscription } from "./entitlement_rules.ts";
import { PAST_DUE_GRACE_MS } from "./grace.ts";
import type { PaidPlanId, PlanId } from "./plans.ts";
import type { PriceConfig } from "../../lib/settings.ts";

/** Statuses after which a subscription gives nothing any more. */
const ENDED = new Set(["canceled", "incomplete_expired"]);

/** Whose subscription a snapshot changed, and the plan in force before and after it. */
export interface SnapshotOutcome {
  userId: string;
  planBefore: PlanId;
  planAfter: PlanId;
}

/**
 * Writes a provider snapshot into `subscriptions` inside the caller's transaction, unless the row
 * already holds a newer state (`provider_updated_at`), so out-of-order events converge. Returns
 * the user whose subscription changed with the plan in force before and after (for the "plan
 * changed" email), or undefined when nothing was written (stale, unknown price or user: logged,
 * never an error, so the provider stops redelivering an event we cannot use).
 */
export async function applySubscriptionSnapshot(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock" | "settings" | "logger">;
    input: { snapshot: SubscriptionSnapshot; userId: string | null };
  },
): Promise<SnapshotOutcome | undefined> {
  const { db: tx, logger } = ctx;
  const now = ctx.clock.now();
  const inForce = (fields: Parameters<typeof entitlementsFromSubscription>[0]) =>
    entitlementsFromSubscription(fields, "", now).plan;
  const snapshot = input.snapshot;
  const plan = planOfPrice(ctx.settings.prices, snapshot.priceId);
  if (!plan) {
    logger.warn("Subscription ignored: unknown price", {
      subscriptionId: snapshot.id,
      priceId: snapshot.priceId,
    });
    return undefined;
  }
  const userId = snapshot.userId ?? input.userId ?? await userOfCustomer(tx, snapshot.customerId);
  const [user] = userId
    ? await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1)
    : [];
  if (!user) {
    logger.warn("Subscription ignored: no such user", { subscriptionId: snapshot.id, userId });
    return undefined;
  }
  const row = {
    userId: user.id,
    subscriptionId: snapshot.id,
    customerId: snapshot.customerId,
    plan,
    priceId: snapshot.priceId,
    status: snapshot.status,
    currentPeriodEnd: snapshot.currentPeriodEnd === null
      ? null
      : new Date(snapshot.currentPeriodEnd),
    cancelAtPeriodEnd: snapshot.cancelAtPeriodEnd,
    graceUntil: snapshot.status === "past_due"
      ? new Date(ctx.clock.now() + PAST_DUE_GRACE_MS)
      : null,
    providerUpdatedAt: new Date(snapshot.updatedAt),
    updatedAt: new Date(ctx.clock.now()),
  };
  let [stored] = await lockRow(tx, user.id);
  if (!stored) {
    // No conflict target: a racing first insert collides on the unique subscription_id as well
    // as on user_id, and a target naming one index lets the other collision through as an error.
    const inserted = await tx.insert(subscriptions).values(row)
      .onConflictDoNothing().returning({
        userId: subscriptions.userId,
      });
    if (inserted.length > 0) {
      return { userId: user.id, planBefore: "free", planAfter: inForce(row) };
    }
    // A concurrent event for the same user inserted first: decide against its row.
    [stored] = await lockRow(tx, user.id);
    if (!stored) return undefined;
  }
  if (stored.providerUpdatedAt.getTime() > snapshot.updatedAt) {
    logger.info("Subscription event older than the stored state", { subscriptionId: snapshot.id });
    return undefined;
  }
  // An old subscription ending (after a resubscription) must not end the current one.
  if (
    stored.subscriptionId !== snapshot.id && ENDED.has(snapshot.status) && !ENDED.has(stored.status)
  ) {
    logger.info("Subscription end ignored: the user has another", { subscriptionId: snapshot.id });
    return undefined;
  }
  const sameSubscription = stored.subscriptionId === snapshot.id;
  if (snapshot.status === "past_due" && sameSubscription && stored.graceUntil) {
    row.graceUntil = stored.graceUntil; // a grace period started earlier is not extended
  }
  await tx.update(subscriptions).set(row).where(eq(subscriptions.userId, user.id));
  return { userId: user.id, planBefore: inForce(stored), planAfter: inForce(row) };
}

/** The paid plan a provider price id belongs to, from the configured prices. */
export function planOfPrice(prices: PriceConfig, priceId: string | null): PaidPlanId | undefined {
  for (const plan of ["pro", "studio"] as const) {
    if (priceId === prices[plan].month || priceId === prices[plan].year) return plan;
  }
  return undefined;
}

async function userOfCustomer(tx: Db | Tx, customerId: string): Promise<string | null> {
  const [row] = await tx.select({ userId: billingCustomers.userId }).from(billingCustomers)
    .where(eq(billingCustomers.customerId, customerId)).limit(1);
  return row?.userId ?? null;
}

function lockRow(tx: Db | Tx, userId: string) {
  return tx.select().from(subscriptions).where(eq(subscriptions.userId, userId)).for("update");
}
