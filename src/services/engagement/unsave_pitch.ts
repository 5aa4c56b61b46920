import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { saves } from "../../db/tables/engagement.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { removeTrend, TREND_WEIGHTS, trendTermAt } from "../../db/trending.ts";
import { forgetPitchReads } from "../pitches/pitch_cache.ts";
import { requireReadablePitch } from "../pitches/require_readable_pitch.ts";

/**
 * Removes a save; removing one that is not there changes nothing. The counter drops only when a row
 * was deleted, and never below zero.
 *
 * Unsaving takes back exactly what saving gave the trending score, so save/unsave cycles cannot
 * inflate it: the deleted row's `created_at` is the instant `savePitch` added its decayed term,
 * so the same term is subtracted in log space. The score never drops below the publication's own
 * term (which no activity can take away), in case a save's weight was never added (seeded
 * data). This was preferred to "only a user's first save of a pitch ever counts", which needs a
 * record of every save that outlives unsaves and leaves a taken-back save in the score for good.
 *
 * A pitch the caller can no longer read may still be unsaved while the save exists; once it is
 * gone, such a pitch answers 404 like one that never existed, so its existence is not revealed.
 */
export async function unsavePitch(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache">;
    input: { userId: string; pitchId: string };
  },
): Promise<void> {
  const removed = await ctx.db.transaction(async (tx) => {
    const [deleted] = await tx.delete(saves)
      .where(and(eq(saves.userId, input.userId), eq(saves.pitchId, input.pitchId)))
      .returning({ savedAt: saves.createdAt });
    if (!deleted) return false;
    await tx.update(pitches)
      .set({
        saveCount: sql`greatest(${pitches.saveCount} - 1, 0)`,
        trendingScore: removeTrend(
          pitches.trendingScore,
          TREND_WEIGHTS.save,
          deleted.savedAt.getTime(),
          trendTermAt(TREND_WEIGHTS.publish, pitches.publishedAt),
        ),
      })
      .where(eq(pitches.id, input.pitchId));
    return true;
  });
  if (removed) {
    await forgetPitchReads(ctx, input.pitchId);
    return;
  }
  await requireReadablePitch({ ctx, input });
}
