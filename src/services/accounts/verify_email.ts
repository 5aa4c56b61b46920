import { eq, sql } from "drizzle-orm";
import { withTransaction } from "../shared/with_transaction.ts";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { BadRequestError } from "../../ports/errors.ts";
import { forgetAccount } from "./account_cache.ts";
import { consumeOneTimeToken } from "./consume_one_time_token.ts";
import { type AccountView, toAccountView } from "./user_view.ts";

/** One answer for unknown, used and expired links, so none can be told from the others. */
const INVALID_LINK = "Verification link is invalid or has expired";

/**
 * Marks the email of the token's account verified and returns the account. The token is consumed
 * in the same transaction as the update, so a failed write leaves the link usable.
 */
export async function verifyEmail(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "cache" | "clock">; input: { token: string } },
): Promise<AccountView> {
  const now = ctx.clock.now();
  const at = new Date(now);
  const row = await withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const userId = await consumeOneTimeToken({
      ctx: txCtx,
      input: { token: input.token, purpose: "verify-email" },
    });
    if (userId === undefined) throw new BadRequestError(INVALID_LINK);
    const [updated] = await tx.update(users)
      // The first verification time is kept: a later link (or a password reset) only confirms it.
      .set({
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${at.toISOString()}::timestamptz)`,
        updatedAt: at,
      })
      .where(eq(users.id, userId))
      .returning();
    return updated;
  });
  // The token row cascades with its user, so a consumed token always has one.
  if (!row) throw new BadRequestError(INVALID_LINK);
  await forgetAccount(ctx, row.id);
  return toAccountView(row);
}
