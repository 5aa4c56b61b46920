import { and, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/database.ts";
import { sessions } from "../../db/tables/credentials.ts";

/**
 * Revokes every live session of a user (password reset). Returns the digests so the caller drops
 * them from the cache (`forgetCredentials`) once its transaction has committed.
 */
export async function revokeUserSessions(
  { ctx, input }: { ctx: { db: Db | Tx; now: number }; input: { userId: string } },
): Promise<string[]> {
  const revoked = await ctx.db.update(sessions)
    .set({ revokedAt: new Date(ctx.now) })
    .where(and(eq(sessions.userId, input.userId), isNull(sessions.revokedAt)))
    .returning({ digest: sessions.tokenHash });
  return revoked.map((r) => r.digest);
}
