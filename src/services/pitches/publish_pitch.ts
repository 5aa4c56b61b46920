import { eq, sql } from "drizzle-orm";
import { withTransaction } from "../shared/with_transaction.ts";
import type { Ctx } from "../../context.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { findOwnedPitch } from "./find_owned_pitch.ts";
import { pitchViewColumns } from "./pitch_columns.ts";
import { invalidatePitch } from "./pitch_cache.ts";
import { forgetUsage } from "../billing/usage_cache.ts";
import { type PitchView, toPitchView } from "./pitch_view.ts";
import { TREND_WEIGHTS, trendTerm } from "../../db/trending.ts";
import { type NotifyCtx, notifyPitchPublished } from "../email/notify_pitch_published.ts";

/**
 * Publishes the owner's draft or archived pitch. `publishedAt` and the publish weight in the
 * trending score are set on the first publish only, so archiving and re-publishing cannot lift a
 * pitch back to the top. Publishing a published pitch changes nothing (no version bump).
 *
 * One transaction holds the pitch row locked while the publish gate runs with the same
 * transaction: a gate counting the owner's published pitches sees a state no concurrent publish
 * of this pitch can change under it. The first publish emails the owner, after the commit.
 */
export async function publishPitch(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "publishGate"> & NotifyCtx;
    input: { pitchId: string; userId: string };
  },
): Promise<PitchView> {
  const { pitchId, userId } = input;
  const result = await withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const current = await findOwnedPitch({ ctx: txCtx, input: { ...input, forUpdate: true } });
    if (current.status === "published") return { row: current, changed: false, first: false };
    const now = ctx.clock.now();
    await ctx.publishGate({ ctx: txCtx, input: { userId, pitchId } });
    const first = current.publishedAt === null;
    const [row] = await tx.update(pitches).set({
      status: "published",
      version: sql`${pitches.version} + 1`,
      updatedAt: new Date(now),
      ...(first
        ? { publishedAt: new Date(now), trendingScore: trendTerm(TREND_WEIGHTS.publish, now) }
        : {}),
    }).where(eq(pitches.id, pitchId)).returning(pitchViewColumns);
    return { row: row!, changed: true, first };
  });
  if (result.changed) {
    // The owner's published-pitches count changed too.
    await Promise.all([invalidatePitch(ctx, pitchId), forgetUsage(ctx, userId)]);
  }
  if (result.first) {
    await notifyPitchPublished({
      ctx,
      input: { pitchId, title: result.row.title, ownerId: userId },
    });
  }
  return toPitchView(result.row);
}
