import type { Ctx } from "../../context.ts";
import { and, eq, isNull } from "drizzle-orm";
import { apiKeys, sessions } from "../../db/tables/credentials.ts";

/**
 * Revokes every live session and every API key of a user (a password reset or change): whoever
 * held the old password, or registered the address first, keeps no way in. Returns the digests so
 * the caller drops them from the cache (`forgetCredentials`) once its transaction has committed.
 */
export async function revokeUserCredentials(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "clock">; input: { userId: string } },
): Promise<string[]> {
  const at = new Date(ctx.clock.now());
  const [revokedSessions, revokedKeys] = await Promise.all([
    ctx.db.update(sessions).set({ revokedAt: at })
      .where(and(eq(sessions.userId, input.userId), isNull(sessions.revokedAt)))
      .returning({ digest: sessions.tokenHash }),
    ctx.db.update(apiKeys).set({ revokedAt: at })
      .where(and(eq(apiKeys.userId, input.userId), isNull(apiKeys.revokedAt)))
      .returning({ digest: apiKeys.keyHash }),
  ]);
  return [...revokedSessions, ...revokedKeys].map((r) => r.digest);
}
