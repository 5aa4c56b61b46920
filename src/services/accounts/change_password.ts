import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { sha256Hex } from "../../lib/secure_tokens.ts";
import { ForbiddenError, NotFoundError, RateLimitedError } from "../../ports/errors.ts";
import { LOGIN_ATTEMPTS_PER_ACCOUNT } from "../rate_limits/policies.ts";
import { withTransaction } from "../shared/with_transaction.ts";
import { createSession, type IssuedSession } from "./create_session.ts";
import { forgetCredentials } from "./forget_credentials.ts";
import { forgetAccount } from "./account_cache.ts";
import { revokeUserCredentials } from "./revoke_user_credentials.ts";

/**
 * Replaces the caller's password after checking the current one, then signs the account out
 * everywhere (every session and every API key) and opens one new session for the caller, so a
 * stolen session or a forgotten key stops working the moment the owner reacts. Wrong current
 * passwords count towards the account's login lockout: a stolen session cannot guess its way on.
 */
export async function changePassword(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "passwords" | "clock" | "cache" | "background" | "rateLimiter">;
    input: { userId: string; currentPassword: string; newPassword: string; userAgent?: string };
  },
): Promise<IssuedSession> {
  const [row] = await ctx.db.select({ email: users.email, passwordHash: users.passwordHash })
    .from(users).where(eq(users.id, input.userId)).limit(1);
  if (!row) throw new NotFoundError(`Account "${input.userId}" not found`);
  const accountKey = sha256Hex(`login:${row.email}`);
  const lockout = await ctx.rateLimiter.peek(LOGIN_ATTEMPTS_PER_ACCOUNT, accountKey);
  if (lockout.remaining <= 0) {
    throw new RateLimitedError(
      `Too many wrong passwords; try again in ${lockout.retryAfterSeconds} seconds`,
      lockout.retryAfterSeconds,
    );
  }
  const check = await ctx.passwords.verify(input.currentPassword, row.passwordHash);
  if (!check.ok) {
    await ctx.rateLimiter.consume(LOGIN_ATTEMPTS_PER_ACCOUNT, accountKey);
    throw new ForbiddenError("Current password is incorrect");
  }
  const passwordHash = await ctx.passwords.hash(input.newPassword);
  const { digests, session } = await withTransaction(ctx, async (tx) => {
    await tx.db.update(users)
      .set({ passwordHash, updatedAt: new Date(ctx.clock.now()) })
      .where(eq(users.id, input.userId));
    const digests = await revokeUserCredentials({ ctx: tx, input: { userId: input.userId } });
    const session = await createSession({
      ctx: tx,
      input: { userId: input.userId, userAgent: input.userAgent },
    });
    return { digests, session };
  });
  await forgetCredentials({ ctx, input: { digests } });
  await forgetAccount(ctx, input.userId);
  return session;
}
