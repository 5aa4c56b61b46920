import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { billingCustomers } from "../../db/tables/billing.ts";
import { users } from "../../db/tables/users.ts";
import { NotFoundError } from "../../ports/errors.ts";
import { findCustomerId } from "./find_customer_id.ts";

/**
 * The user's payment-provider customer id, created on first use. Concurrent first checkouts may
 * each ask the provider (the Stripe adapter's per-user idempotency key makes that one customer),
 * but only one row can win the primary key: the others insert nothing and re-read the winner, so
 * every caller ends up with the same id.
 */
export async function ensureCustomer(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "payments">; input: { userId: string } },
): Promise<string> {
  const db = ctx.db;
  const existing = await findCustomerId(db, input.userId);
  if (existing) return existing;
  const [user] = await db.select({ email: users.email }).from(users)
    .where(eq(users.id, input.userId)).limit(1);
  if (!user) throw new NotFoundError(`Account "${input.userId}" not found`);
  const { customerId } = await ctx.payments.createCustomer({
    userId: input.userId,
    email: user.email,
  });
  await db.insert(billingCustomers).values({ userId: input.userId, customerId })
    .onConflictDoNothing();
  const stored = await findCustomerId(db, input.userId);
  if (!stored) throw new NotFoundError(`Account "${input.userId}" not found`);
  return stored;
}
