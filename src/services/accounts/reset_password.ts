import { and, eq, isNull, sql } from "drizzle-orm";
import { withTransaction } from "../shared/with_transaction.ts";
import type { Ctx } from "../../context.ts";
import { oneTimeTokens } from "../../db/tables/credentials.ts";
import { users } from "../../db/tables/users.ts";
import { BadRequestError } from "../../ports/errors.ts";
import { forgetCredentials } from "./forget_credentials.ts";
import { forgetAccount } from "./account_cache.ts";
import { consumeOneTimeToken } from "./consume_one_time_token.ts";
import { revokeUserCredentials } from "./revoke_user_credentials.ts";

/** One answer for unknown, used and expired links, so none can be told from the others. */
const INVALID_LINK = "Reset link is invalid or has expired";

/**
 * Sets a new password from a reset link and signs the account out everywhere. The token is
 * consumed, the password replaced and every session and API key revoked in one transaction, so two concurrent
 * uses of one link succeed once and a failure changes nothing. Opening the link proves control of
 * the inbox, so the email counts as verified too.
 */
export async function resetPassword(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "passwords" | "clock" | "cache" | "background">;
    input: { token: string; password: string };
  },
): Promise<void> {
  // Hashing is slow on purpose: keep it outside the transaction so no row lock waits on it.
  const passwordHash = await ctx.passwords.hash(input.password);
  const now = ctx.clock.now();
  const at = new Date(now);
  const { userId, digests } = await withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const userId = await consumeOneTimeToken({
      ctx: txCtx,
      input: { token: input.token, purpose: "password-reset" },
    });
    if (userId === undefined) throw new BadRequestError(INVALID_LINK);
    await tx.update(users)
      .set({
        passwordHash,
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${at.toISOString()}::timestamptz)`,
        updatedAt: at,
      })
      .where(eq(users.id, userId));
    // Other reset links sent before this one would otherwise still undo the new password.
    await tx.update(oneTimeTokens)
      .set({ usedAt: at })
      .where(and(
        eq(oneTimeTokens.userId, userId),
        eq(oneTimeTokens.purpose, "password-reset"),
        isNull(oneTimeTokens.usedAt),
      ));
    return { userId, digests: await revokeUserCredentials({ ctx: txCtx, input: { userId } }) };
  });
  // Only after commit: a load racing the transaction could otherwise re-cache a live session.
  await forgetCredentials({ ctx, input: { digests } });
  await forgetAccount(ctx, userId);
}
