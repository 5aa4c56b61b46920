import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { subscriptions } from "../../db/tables/billing.ts";
import { apiKeys, sessions } from "../../db/tables/credentials.ts";
import { users } from "../../db/tables/users.ts";
import { NotFoundError } from "../../ports/errors.ts";
import { forgetCredentials } from "./forget_credentials.ts";

/** Subscription statuses with nothing left to cancel. */
const ENDED = new Set(["canceled", "incomplete_expired"]);

/**
 * Deletes an account and, through the foreign keys' cascades, its sessions, API keys and one-time
 * tokens. Every credential digest is collected in the same transaction and dropped from the cache
 * after the commit, so each token of the account fails on its next request, on every instance.
 * A live subscription is canceled with the provider first: if that fails (an `UpstreamError`,
 * a 503) the account stays, so nobody is billed for an account that no longer exists.
 */
export async function deleteAccount(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "background" | "payments">;
    input: { userId: string };
  },
): Promise<void> {
  const [subscription] = await ctx.db
    .select({ id: subscriptions.subscriptionId, status: subscriptions.status })
    .from(subscriptions).where(eq(subscriptions.userId, input.userId)).limit(1);
  if (subscription && !ENDED.has(subscription.status)) {
    await ctx.payments.cancelSubscription(subscription.id);
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
}
