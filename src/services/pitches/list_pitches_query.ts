import type { Format, Genre } from "../../lib/enums.ts";
import { stableJson } from "../../lib/stable_json.ts";

export const LIST_SORTS = ["new", "trending", "relevance"] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** A validated `GET /v1/pitches` query. */
export interface ListPitchesQuery {
  limit: number;
  cursor?: string;
  genre?: Genre;
  format?: Format;
  /** One tag, already normalised like `TagsSchema` (trimmed, lower case, spaces collapsed). */
  tag?: string;
  ownerId?: string;
  q?: string;
  /** Defaults to `relevance` when `q` is given, else `new`. */
  sort?: ListSort;
}

/** The sort a query runs with once its default is applied. */
export function resolveSort(query: Pick<ListPitchesQuery, "q" | "sort">): ListSort {
  return query.sort ?? (query.q === undefined ? "new" : "relevance");
}

/** The shared-cache key of a list query: its resolved sort plus every other member, sorted. */
export function canonicalListQuery(query: ListPitchesQuery): string {
  return stableJson({ ...query, sort: resolveSort(query) });
}
