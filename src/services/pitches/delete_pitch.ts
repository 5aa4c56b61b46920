import { and, eq, isNull, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { findOwnedPitch, pitchChanged, pitchNotFound } from "./find_owned_pitch.ts";
import { invalidatePitch } from "./pitch_cache.ts";
import { forgetUsage } from "../billing/usage_cache.ts";

/**
 * Soft-deletes the owner's pitch: from then on it is "not found" for everyone, owner included.
 * The row stays (views and saves keep their keys) with `deletedAt` set and its version bumped, so
 * any ETag a client holds is stale. `ifMatch` makes it a compare-and-set, as in `updatePitch`.
 */
export async function deletePitch(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock">;
    input: { pitchId: string; userId: string; ifMatch?: (etag: string) => boolean };
  },
): Promise<void> {
  const current = await findOwnedPitch({ ctx, input });
  const now = new Date(ctx.clock.now());
  const deleted = await ctx.db.update(pitches)
    .set({ deletedAt: now, updatedAt: now, version: sql`${pitches.version} + 1` })
    .where(and(
      eq(pitches.id, input.pitchId),
      isNull(pitches.deletedAt),
      input.ifMatch ? eq(pitches.version, current.version) : undefined,
    ))
    .returning({ id: pitches.id });
  if (deleted.length === 0) {
    throw input.ifMatch ? pitchChanged(input.pitchId) : pitchNotFound(input.pitchId);
  }
  // A published pitch counted towards the owner's published-pitches limit.
  await Promise.all([invalidatePitch(ctx, input.pitchId), forgetUsage(ctx, input.userId)]);
}
