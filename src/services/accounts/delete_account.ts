import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { billingCustomers, subscriptions } from "../../db/tables/billing.ts";
import { apiKeys, sessions } from "../../db/tables/credentials.ts";
import { users } from "../../db/tables/users.ts";
import { NotFoundError } from "../../ports/errors.ts";
import { forgetCredentials } from "./forget_credentials.ts";
import { forgetAccount } from "./account_cache.ts";

/**
 * Deletes an account and, through the foreign keys' cascades, its sessions, API keys and one-time
 * tokens. Every credential digest is collected in the same transaction and dropped from the cache
 * after the commit, so each token of the account fails on its next request, on every instance.
 * First every subscription of the user's provider customers is canceled at the provider, not only
 * the one stored here: a second checkout, or a subscription whose webhook has not arrived yet,
 * bills just the same. If that fails (an `UpstreamError`, a 503) nothing is deleted, so nobody is
 * billed for an account that no longer exists; a retry cancels what is left. The other order
 * could leave a subscription billing with no account to stop it from.
 */
export async function deleteAccount(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "background" | "payments">;
    input: { userId: string };
  },
): Promise<void> {
  for (const customerId of await customerIdsOf(ctx.db, input.userId)) {
    await ctx.payments.cancelCustomerSubscriptions(customerId);
  }
  const digests = await ctx.db.transaction(async (tx) => {
    // Inserting a session or key takes a key-share lock on the user row; holding the row for
    // update first makes a concurrent login or key creation wait, then fail, instead of adding a
    // credential this list would miss.
    const [user] = await tx.select({ id: users.id }).from(users)
      .where(eq(users.id, input.userId)).for("update");
    if (!user) throw new NotFoundError(`Account "${input.userId}" not found`);
    // One after the other: a transaction is one connection, which runs one query at a time.
    const sessionRows = await tx.select({ digest: sessions.tokenHash }).from(sessions)
      .where(eq(sessions.userId, input.userId));
    const keyRows = await tx.select({ digest: apiKeys.keyHash }).from(apiKeys)
      .where(eq(apiKeys.userId, input.userId));
    await tx.delete(users).where(eq(users.id, input.userId));
    return [...sessionRows, ...keyRows].map((row) => row.digest);
  });
  await forgetCredentials({ ctx, input: { digests } });
  await forgetAccount(ctx, input.userId);
}

/** The user's provider customers: the one checkout created, and any a subscription names. */
async function customerIdsOf(db: Ctx["db"], userId: string): Promise<Set<string>> {
  const customers = await db.select({ id: billingCustomers.customerId }).from(billingCustomers)
    .where(eq(billingCustomers.userId, userId));
  const subscribed = await db.select({ id: subscriptions.customerId }).from(subscriptions)
    .where(eq(subscriptions.userId, userId));
  return new Set([...customers, ...subscribed].map((row) => row.id));
}
