import type { PitchRow } from "./pitch_view.ts";

type VisibilityFields = Pick<PitchRow, "ownerId" | "status" | "visibility"> & {
  deletedAt: Date | null;
  hiddenAt: Date | null;
};

/**
 * Whether `viewerId` may read the pitch. Owners see their own in every state, hidden by an
 * administrator included (they see why); anyone else sees a published pitch that is public or
 * unlisted (unlisted: by id only) and not hidden. Everything else must look exactly like a pitch
 * that does not exist: callers answer 404, never 403.
 */
export function canRead(pitch: VisibilityFields, viewerId: string | undefined): boolean {
  if (pitch.deletedAt !== null) return false;
  if (viewerId !== undefined && pitch.ownerId === viewerId) return true;
  return pitch.status === "published" && pitch.visibility !== "private" && pitch.hiddenAt === null;
}

/** Whether the pitch may appear in lists, search and feeds (for anyone, owner included). */
export function isListed(pitch: VisibilityFields): boolean {
  return pitch.deletedAt === null && pitch.status === "published" &&
    pitch.visibility === "public" && pitch.hiddenAt === null;
}
