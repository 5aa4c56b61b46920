import type { Ctx } from "../../context.ts";
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
