import type { Ctx } from "../../context.ts";
import { and, eq, isNull } from "drizzle-orm";
import { sessions } from "../../db/tables/credentials.ts";

/**
 * Revokes every live session of a user (password reset). Returns the digests so the caller drops
 * them from the cache (`forgetCredentials`) once its transaction has committed.
 */
export async function revokeUserSessions(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "clock">; input: { userId: string } },
): Promise<string[]> {
  const revoked = await ctx.db.update(sessions)
    .set({ revokedAt: new Date(ctx.clock.now()) })
    .where(and(eq(sessions.userId, input.userId), isNull(sessions.revokedAt)))
    .returning({ digest: sessions.tokenHash });
  return revoked.map((r) => r.digest);
}
