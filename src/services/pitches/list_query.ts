import { type SQL, sql, type SQLWrapper } from "drizzle-orm";
import { pitches } from "../../db/tables/pitches.ts";
import { decodeCursor, encodeCursor } from "../../lib/cursor.ts";
import { sha256Hex } from "../../lib/secure_tokens.ts";
import { BadRequestError } from "../../ports/errors.ts";
import type { Format, Genre } from "../../lib/enums.ts";

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

/**
 * The listing rule of `isListed`, as literals rather than parameters: the planner picks a partial
 * `pitches_listed_*` index only when it can prove this predicate at plan time, which a parameter
 * would hide from a generic plan.
 */
export const LISTED: SQL =
  sql`${pitches.status} = 'published' and ${pitches.visibility} = 'public' and ${pitches.deletedAt} is null`;

/**
 * A timestamp as whole microseconds since the epoch, text: the cursor must hold exactly what
 * Postgres stores, and a millisecond ISO string would round and skip or repeat rows.
 */
export function micros(column: SQLWrapper): SQL<string> {
  return sql<string>`(extract(epoch from ${column}) * 1000000)::bigint::text`;
}

/** The inverse of `micros`, for a cursor value already checked to be digits. */
export function fromMicros(value: string): SQL {
  return sql`(timestamptz 'epoch' + ${value}::bigint * interval '1 microsecond')`;
}

/** The key of a page's last item: its sort value (text, exact) and id. */
export interface PageKey {
  value: string;
  id: string;
}

/** How a sort value is written in a cursor and read back. */
export type KeyKind = "micros" | "number";

const KEY_PATTERNS: Record<KeyKind, RegExp> = {
  micros: /^-?\d{1,19}$/,
  // Postgres' shortest round-trip float text: `1.5`, `-3e-05`, `12345.678`.
  number: /^-?\d+(\.\d+)?(e[+-]?\d+)?$/,
};

/**
 * A stable serialisation of `record`: keys sorted, undefined members dropped, so equal queries
 * give equal strings whatever order their parameters came in.
 */
export function stableJson(record: object): string {
  const entries = Object.entries(record).filter(([, value]) => value !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}

/** The shared-cache key of a list query: its resolved sort plus every other member, sorted. */
export function canonicalListQuery(query: ListPitchesQuery): string {
  return stableJson({ ...query, sort: resolveSort(query) });
}

// Binds a cursor to the sort and filters it was issued for; `limit` may change between pages.
function fingerprint(scope: string, filters: object): string {
  return sha256Hex(`${scope}\n${stableJson(filters)}`).slice(0, 16);
}

/** An opaque cursor after `key`, valid only for the same `scope` (sort) and `filters`. */
export function encodePageCursor(scope: string, filters: object, key: PageKey): string {
  return encodeCursor([scope, fingerprint(scope, filters), key.value, key.id]);
}

/**
 * Reads a cursor made by `encodePageCursor` for the same scope and filters; anything else, a
 * forgery or a cursor of another sort or search, is a 400.
 */
export function decodePageCursor(
  cursor: string,
  scope: string,
  filters: object,
  kind: KeyKind,
): PageKey {
  const [issuedFor, print, value, id] = decodeCursor(cursor, 4) ?? [];
  if (
    typeof issuedFor !== "string" || typeof print !== "string" || typeof value !== "string" ||
    typeof id !== "string" || !KEY_PATTERNS[kind].test(value) || id.length > 64
  ) {
    throw new BadRequestError(`Cursor "${cursor}" is not one this API issued`);
  }
  if (issuedFor !== scope || print !== fingerprint(scope, filters)) {
    throw new BadRequestError(
      `Cursor "${cursor}" belongs to another sort or query: repeat the query it came from`,
    );
  }
  return { value, id };
}
