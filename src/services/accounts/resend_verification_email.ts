import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { RateLimitedError } from "../../ports/errors.ts";
import { queueEmail } from "../email/queue_email.ts";
import { verificationEmail } from "../email/templates/verification_email.ts";
import { VERIFICATION_RESENDS_PER_USER } from "../rate_limits/policies.ts";
import { issueOneTimeToken } from "./issue_one_time_token.ts";

/**
 * Emails the signed-in user a new verification link. Rate limited per user; an account already
 * verified gets nothing, and the caller cannot tell (the answer is the same). Links sent earlier
 * stay valid until they expire.
 */
export async function resendVerificationEmail(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock" | "outbox" | "settings" | "rateLimiter">;
    input: { userId: string };
  },
): Promise<void> {
  const limit = await ctx.rateLimiter.consume(VERIFICATION_RESENDS_PER_USER, input.userId);
  if (!limit.allowed) {
    throw new RateLimitedError(
      `Too many verification emails; try again in ${limit.retryAfterSeconds} seconds`,
      limit.retryAfterSeconds,
    );
  }
  const [user] = await ctx.db.select({
    email: users.email,
    name: users.name,
    verifiedAt: users.emailVerifiedAt,
  }).from(users).where(eq(users.id, input.userId)).limit(1);
  if (!user || user.verifiedAt !== null) return;
  const verifyToken = await issueOneTimeToken({
    ctx,
    input: { userId: input.userId, purpose: "verify-email" },
  });
  await queueEmail({
    ctx,
    input: {
      email: verificationEmail({
        appUrl: ctx.settings.appUrl,
        to: user.email,
        name: user.name,
        verifyToken,
      }),
    },
  });
}
