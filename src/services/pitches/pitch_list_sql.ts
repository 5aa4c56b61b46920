import { type SQL, sql, type SQLWrapper } from "drizzle-orm";
import { pitches } from "../../db/tables/pitches.ts";

/**
 * The listing rule of `isListed`, as literals rather than parameters: the planner picks a partial
 * `pitches_listed_*` index only when it can prove this predicate at plan time, which a parameter
 * would hide from a generic plan. (The indexes leave out hidden pitches' condition: an extra term
 * still proves their predicate, and hidden pitches are too few to be worth an index change.)
 */
export const LISTED: SQL =
  sql`${pitches.status} = 'published' and ${pitches.visibility} = 'public' and ${pitches.deletedAt} is null and ${pitches.hiddenAt} is null`;

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
