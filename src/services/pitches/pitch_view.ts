import type { pitches } from "../../db/tables/pitches.ts";

export type PitchRow = typeof pitches.$inferSelect;

/** A pitch as the API shows it. Never the row itself: `search` and `trendingScore` stay inside. */
export interface PitchView {
  id: string;
  ownerId: string;
  title: string;
  logline: string;
  synopsis: string;
  genre: PitchRow["genre"];
  format: PitchRow["format"];
  tags: string[];
  budgetRange: PitchRow["budgetRange"];
  deckUrl: string | null;
  visibility: PitchRow["visibility"];
  status: PitchRow["status"];
  viewCount: number;
  saveCount: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  /** Increments on every change; the strong ETag is derived from it. */
  version: number;
  /**
   * Present while an administrator hides the pitch. Only its owner can read a hidden pitch, so
   * only the owner ever sees this.
   */
  moderation?: PitchModeration;
}

export interface PitchModeration {
  hidden: true;
  reason: string;
  hiddenAt: string;
}

/** The columns a view needs, for selects that skip the search vector. */
export type PitchViewRow = Omit<PitchRow, "search" | "trendingScore" | "deletedAt" | "hiddenBy">;

export function toPitchView(row: PitchViewRow): PitchView {
  return {
    id: row.id,
    ownerId: row.ownerId,
    title: row.title,
    logline: row.logline,
    synopsis: row.synopsis,
    genre: row.genre,
    format: row.format,
    tags: row.tags,
    budgetRange: row.budgetRange,
    deckUrl: row.deckUrl,
    visibility: row.visibility,
    status: row.status,
    viewCount: row.viewCount,
    saveCount: row.saveCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    version: row.version,
    ...(row.hiddenAt ? { moderation: moderationOf(row.hiddenAt, row.hiddenReason) } : {}),
  };
}

function moderationOf(hiddenAt: Date, reason: string | null): PitchModeration {
  return { hidden: true, reason: reason ?? "", hiddenAt: hiddenAt.toISOString() };
}

/** The strong ETag of a pitch: its id and version, so any change yields a new tag. */
export function pitchEtag(pitch: { id: string; version: number }): string {
  return `"${pitch.id}.v${pitch.version}"`;
}
