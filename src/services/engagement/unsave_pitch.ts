import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { saves } from "../../db/tables/engagement.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { readablePitchCache } from "../pitches/pitch_cache.ts";
import { requireReadablePitch } from "../pitches/require_readable_pitch.ts";

/**
 * Removes a save; removing one that is not there changes nothing. The counter drops only when a row
 * was deleted, and never below zero. The trending score keeps the save: it decays like any event.
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
    const deleted = await tx.delete(saves)
      .where(and(eq(saves.userId, input.userId), eq(saves.pitchId, input.pitchId)))
      .returning({ pitchId: saves.pitchId });
    if (deleted.length === 0) return false;
    await tx.update(pitches)
      .set({ saveCount: sql`greatest(${pitches.saveCount} - 1, 0)` })
      .where(eq(pitches.id, input.pitchId));
    return true;
  });
  if (removed) {
    await ctx.cache.remove(readablePitchCache, input.pitchId);
    return;
  }
  await requireReadablePitch({ ctx, input });
}
