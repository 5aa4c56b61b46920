import { and, eq, isNull, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { pitches } from "../../db/tables/pitches.ts";
import type { PitchFields } from "./create_pitch.ts";
import { findOwnedPitch, pitchChanged, pitchNotFound } from "./find_owned_pitch.ts";
import { pitchViewColumns } from "./pitch_columns.ts";
import { invalidatePitch } from "./pitch_cache.ts";
import { type PitchView, toPitchView } from "./pitch_view.ts";

/** Absent fields stay as they are; `null` clears `budgetRange` or `deckUrl`. */
export type PitchChanges = Partial<PitchFields>;

/**
 * Changes the owner's pitch, bumping its version (the ETag) and `updatedAt`. With `ifMatch` the
 * write is a compare-and-set on the version in SQL, so of two concurrent changes based on the same
 * version exactly one wins and the other gets a `PreconditionFailedError`. An empty change set
 * returns the pitch as it is: nothing changed, so clients' cached copies stay valid.
 */
export async function updatePitch(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock">;
    input: {
      pitchId: string;
      userId: string;
      changes: PitchChanges;
      ifMatch?: (etag: string) => boolean;
    };
  },
): Promise<PitchView> {
  const current = await findOwnedPitch({ ctx, input });
  const { title, logline, synopsis, genre, format, tags, budgetRange, deckUrl, visibility } =
    input.changes;
  // Picked one by one so nothing but the editable columns can ever be written from a request.
  const set = Object.fromEntries(
    Object.entries({
      title,
      logline,
      synopsis,
      genre,
      format,
      tags,
      budgetRange,
      deckUrl,
      visibility,
    })
      .filter(([, value]) => value !== undefined),
  ) as PitchChanges;
  if (Object.keys(set).length === 0) return toPitchView(current);

  const [row] = await ctx.db.update(pitches)
    .set({ ...set, version: sql`${pitches.version} + 1`, updatedAt: new Date(ctx.clock.now()) })
    .where(and(
      eq(pitches.id, input.pitchId),
      isNull(pitches.deletedAt),
      input.ifMatch ? eq(pitches.version, current.version) : undefined,
    ))
    .returning(pitchViewColumns);
  // Changed or deleted since it was read: a conditional request lost the race.
  if (!row) throw input.ifMatch ? pitchChanged(input.pitchId) : pitchNotFound(input.pitchId);
  await invalidatePitch(ctx, input.pitchId);
  return toPitchView(row);
}
