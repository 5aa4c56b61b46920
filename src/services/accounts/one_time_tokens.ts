import type { Ctx } from "../../context.ts";
import { and, eq, gt, isNull } from "drizzle-orm";
import { oneTimeTokens } from "../../db/tables/credentials.ts";
import { newId } from "../../lib/ids.ts";
import { randomToken, sha256Hex } from "../../lib/secure_tokens.ts";
import type { OneTimeTokenPurpose } from "../../lib/enums.ts";

/** How long a link in an email stays usable. */
export const ONE_TIME_TOKEN_TTL_MS: Record<OneTimeTokenPurpose, number> = {
  "verify-email": 7 * 24 * 60 * 60_000,
  "password-reset": 60 * 60_000,
};

/** Issues a single-use token for an email link; only its digest is stored. */
export async function issueOneTimeToken(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "clock">;
    input: { userId: string; purpose: OneTimeTokenPurpose };
  },
): Promise<string> {
  const token = randomToken("ot_", 32);
  await ctx.db.insert(oneTimeTokens).values({
    id: newId("ott"),
    userId: input.userId,
    purpose: input.purpose,
    tokenHash: sha256Hex(token),
    createdAt: new Date(ctx.clock.now()),
    expiresAt: new Date(ctx.clock.now() + ONE_TIME_TOKEN_TTL_MS[input.purpose]),
  });
  return token;
}

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
