import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { users } from "../../db/tables/users.ts";
import { sha256Hex } from "../../lib/secure_tokens.ts";
import { queueEmail } from "../email/queue_email.ts";
import { passwordResetEmail } from "../email/templates/password_reset_email.ts";
import { withTransaction } from "../shared/with_transaction.ts";
import { RateLimitedError } from "../../ports/errors.ts";
import { issueOneTimeToken } from "./issue_one_time_token.ts";
import { normalizeEmail } from "./user_view.ts";
import { PASSWORD_RESETS_PER_ACCOUNT, PASSWORD_RESETS_PER_IP } from "../rate_limits/policies.ts";

type Needs = Pick<
  Ctx,
  "db" | "clock" | "outbox" | "settings" | "logger" | "rateLimiter" | "background"
>;

/**
 * Accepts a password reset request. Whether the account exists must not show, neither in the
 * answer nor in its timing: the lookup, the token and the email all happen in the background, and
 * the caller learns nothing either way. Only the per-address limit is enforced on the request path
 * (it reveals nothing about any account); over the per-account limit the request is dropped.
 */
export async function requestPasswordReset(
  { ctx, input }: { ctx: Needs; input: { email: string; ip: string } },
): Promise<void> {
  const address = await ctx.rateLimiter.consume(PASSWORD_RESETS_PER_IP, input.ip);
  if (!address.allowed) {
    throw new RateLimitedError(
      `Too many password reset requests; try again in ${address.retryAfterSeconds} seconds`,
      address.retryAfterSeconds,
    );
  }
  ctx.background.waitUntil(sendResetLink(ctx, normalizeEmail(input.email)));
}

async function sendResetLink(ctx: Needs, email: string): Promise<void> {
  let step = "rate limit";
  try {
    // Counter keys are digests: rate limit backends never hold email addresses.
    const account = await ctx.rateLimiter.consume(
      PASSWORD_RESETS_PER_ACCOUNT,
      sha256Hex(`reset:${email}`),
    );
    if (!account.allowed) {
      ctx.logger.info("Password reset dropped: account limit reached");
      return;
    }
    step = "lookup";
    const [row] = await ctx.db
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users).where(eq(users.email, email)).limit(1);
    if (!row) return;
    step = "token and email";
    // The token is useless without its email: both commit, or neither.
    await withTransaction(ctx, async (txCtx) => {
      const token = await issueOneTimeToken({
        ctx: txCtx,
        input: { userId: row.id, purpose: "password-reset" },
      });
      await queueEmail({
        ctx: txCtx,
        input: {
          email: passwordResetEmail({
            appUrl: ctx.settings.appUrl,
            to: row.email,
            name: row.name,
            resetToken: token,
          }),
        },
      });
    });
  } catch (error) {
    // Only the error's name: driver messages can quote query parameters, here the email address.
    ctx.logger.error("Password reset email not queued", {
      step,
      error: error instanceof Error ? error.name : typeof error,
    });
  }
}
