import { pitches } from "../../db/tables/pitches.ts";

/**
 * The columns a `PitchView` is built from (the moderation columns show only to the owner, since
 * nobody else can read a hidden pitch), plus `deletedAt` for `canRead`: never the search vector,
 * which is most of a row's bytes.
 */
export const pitchViewColumns = {
  id: pitches.id,
  ownerId: pitches.ownerId,
  title: pitches.title,
  logline: pitches.logline,
  synopsis: pitches.synopsis,
  genre: pitches.genre,
  format: pitches.format,
  tags: pitches.tags,
  budgetRange: pitches.budgetRange,
  deckUrl: pitches.deckUrl,
  visibility: pitches.visibility,
  status: pitches.status,
  viewCount: pitches.viewCount,
  saveCount: pitches.saveCount,
  version: pitches.version,
  createdAt: pitches.createdAt,
  updatedAt: pitches.updatedAt,
  publishedAt: pitches.publishedAt,
  deletedAt: pitches.deletedAt,
  hiddenAt: pitches.hiddenAt,
  hiddenReason: pitches.hiddenReason,
};

const { deletedAt: _deletedAt, ...listColumns } = pitchViewColumns;

/** `pitchViewColumns` but `deletedAt`, for lists whose filter already leaves deleted rows out. */
export const pitchListColumns = listColumns;
