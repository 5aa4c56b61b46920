import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/database.ts";
import { subscriptions } from "../../db/tables/billing.ts";

/** The columns entitlements are computed from. */
const SUBSCRIPTION_FIELDS = {
  plan: subscriptions.plan,
  status: subscriptions.status,
  graceUntil: subscriptions.graceUntil,
};

function prepare(db: Db) {
  return db.select(SUBSCRIPTION_FIELDS).from(subscriptions)
    .where(eq(subscriptions.userId, sql.placeholder("userId")))
    .limit(1)
    .prepare("subscription_by_user");
}

export type SubscriptionFields = Awaited<ReturnType<ReturnType<typeof prepare>["execute"]>>[number];

const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();

/**
 * The user's subscription row, or undefined, through a statement prepared once per database
 * handle: it runs on every entitlement cache miss, where (as with the principal lookups) drizzle's
 * query builder costs more than the indexed lookup itself.
 */
export async function findSubscription(
  db: Db,
  userId: string,
): Promise<SubscriptionFields | undefined> {
  let statement = prepared.get(db);
  if (!statement) {
    statement = prepare(db);
    prepared.set(db, statement);
  }
  const [row] = await statement.execute({ userId });
  return row;
}

/** The same lookup inside a transaction, where a handle-wide prepared statement does not apply. */
export async function findSubscriptionIn(
  tx: Db | Tx,
  userId: string,
): Promise<SubscriptionFields | undefined> {
  const [row] = await tx.select(SUBSCRIPTION_FIELDS).from(subscriptions)
    .where(eq(subscriptions.userId, userId)).limit(1);
  return row;
}
