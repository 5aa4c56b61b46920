import type { Ctx } from "../../context.ts";
import { and, eq, gt, isNull } from "drizzle-orm";
import { oneTimeTokens } from "../../db/tables/credentials.ts";
import { sha256Hex } from "../../lib/secure_tokens.ts";
import type { OneTimeTokenPurpose } from "../../lib/enums.ts";

/**
 * Marks a token used and returns its user, or undefined when it is unknown, used, expired or for
 * another purpose. The conditional update makes two concurrent uses of one token succeed once.
 */
export async function consumeOneTimeToken(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: { token: string; purpose: OneTimeTokenPurpose };
  },
): Promise<string | undefined> {
  const now = new Date(ctx.clock.now());
  const [row] = await ctx.db.update(oneTimeTokens)
    .set({ usedAt: now })
    .where(and(
      eq(oneTimeTokens.tokenHash, sha256Hex(input.token)),
      eq(oneTimeTokens.purpose, input.purpose),
      isNull(oneTimeTokens.usedAt),
      gt(oneTimeTokens.expiresAt, now),
    ))
    .returning({ userId: oneTimeTokens.userId });
  return row?.userId;
}
