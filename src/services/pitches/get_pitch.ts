import { and, eq, isNull, ne } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import type { Db, Tx } from "../../db/database.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { pitchNotFound } from "./find_owned_pitch.ts";
import { pitchViewColumns } from "./pitch_columns.ts";
import { ownPitchCache, readablePitchCache } from "./pitch_cache.ts";
import { type PitchView, toPitchView } from "./pitch_view.ts";
import { viewerDigest } from "../../lib/viewer_digest.ts";

/**
 * One pitch by id, as `viewerId` (undefined: anonymous) may see it. Everyone but the owner is
 * served from the shared cache, which only ever holds published, non-private pitches; the owner
 * from the owner cache, loaded from the primary. Every change drops both at once
 * (`invalidatePitch`), so owners see their drafts and their own changes at once. A pitch the caller may not see is a `NotFoundError`,
 * exactly like one that does not exist.
 *
 * A non-owner read of a published pitch counts as a view by the reader (`viewerDigest`: the user, or
 * for an anonymous reader `viewerAddress`, the caller's network address); the recorder only
 * buffers, so the read path never writes.
 */
export async function getPitch(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "readDb" | "cache" | "clock" | "views">;
    input: { pitchId: string; viewerId: string | undefined; viewerAddress: string };
  },
): Promise<{ pitch: PitchView; viewerIsOwner: boolean }> {
  const { pitchId, viewerId } = input;
  // Read-only: the replica when there is one (the owner inside their write window gets the primary).
  const db = ctx.readDb;
  const shared = await ctx.cache.swr(readablePitchCache, pitchId, () => loadReadable(db, pitchId));
  if (shared && shared.ownerId !== viewerId) {
    const viewer = viewerDigest(
      viewerId !== undefined ? { userId: viewerId } : { address: input.viewerAddress },
    );
    ctx.views.record({ pitchId, viewer, atMs: ctx.clock.now() });
    return { pitch: shared, viewerIsOwner: false };
  }
  // The owner, or a pitch others may not read. Owners never get the shared entry: it may have
  // been filled from a lagging replica just after their write. The owner cache loads from the
  // primary, so after the invalidation that follows a write it can only hold the new version.
  if (viewerId !== undefined) {
    const own = await ctx.cache.swr(ownPitchCache, pitchId, () => loadLive(ctx.db, pitchId));
    if (own?.ownerId === viewerId) return { pitch: own, viewerIsOwner: true };
  }
  throw pitchNotFound(pitchId);
}

/** The owner cache's loader: the pitch in any state unless deleted. */
async function loadLive(db: Db | Tx, pitchId: string): Promise<PitchView | undefined> {
  const [row] = await db.select(pitchViewColumns).from(pitches)
    .where(and(eq(pitches.id, pitchId), isNull(pitches.deletedAt))).limit(1);
  return row ? toPitchView(row) : undefined;
}

/** The cache loader: the pitch when anyone may read it by id, else undefined (cached as a miss). */
async function loadReadable(db: Db | Tx, pitchId: string): Promise<PitchView | undefined> {
  const [row] = await db.select(pitchViewColumns).from(pitches).where(and(
    eq(pitches.id, pitchId),
    eq(pitches.status, "published"),
    ne(pitches.visibility, "private"),
    isNull(pitches.deletedAt),
    isNull(pitches.hiddenAt),
  )).limit(1);
  return row ? toPitchView(row) : undefined;
}
