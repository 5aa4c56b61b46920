import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { saves } from "../../db/tables/engagement.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { forgetPitchReads } from "../pitches/pitch_cache.ts";
import { requireReadablePitch } from "../pitches/require_readable_pitch.ts";
import { addTrend, TREND_WEIGHTS } from "../../db/trending.ts";

/**
 * Saves a pitch the caller may read; saving it again changes nothing. The counter and trending
 * score move only when the save row is new, in the same transaction, so concurrent saves by one
 * user count once: the primary key makes all but one insert a no-op.
 *
 * The pitch is not locked while saving: if its owner hides it at the same moment the save still
 * lands, but the saved list checks readability when it is read, so the pitch never shows.
 */
export async function savePitch(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock">;
    input: { userId: string; pitchId: string };
  },
): Promise<void> {
  const db = ctx.db;
  await requireReadablePitch({ ctx, input });
  const now = ctx.clock.now();
  const saved = await db.transaction(async (tx) => {
    const inserted = await tx.insert(saves)
      .values({ userId: input.userId, pitchId: input.pitchId, createdAt: new Date(now) })
      .onConflictDoNothing()
      .returning({ pitchId: saves.pitchId });
    if (inserted.length === 0) return false;
    // Counters are not edits: `version` (the ETag) stays, as it does for views.
    await tx.update(pitches)
      .set({
        saveCount: sql`${pitches.saveCount} + 1`,
        trendingScore: addTrend(pitches.trendingScore, TREND_WEIGHTS.save, now),
      })
      .where(eq(pitches.id, input.pitchId));
    return true;
  });
  // Only the cached read shows the count; list pages may lag by their short freshness.
  if (saved) await forgetPitchReads(ctx, input.pitchId);
}
