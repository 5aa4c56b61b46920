import { and, desc, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/database.ts";
import { pitches } from "../../db/tables/pitches.ts";
import type { ListPitchesQuery } from "./list_pitches_query.ts";
import { LISTED } from "./pitch_list_sql.ts";
import { SEARCH_BOUNDS } from "./search_bounds.ts";

/**
 * The condition "`id` is one of the search's candidates": at most `SEARCH_BOUNDS.candidates`
 * listed pitches matching `tsquery` and the filters, which the page query then sorts (ranking
 * them, for relevance). Every search costs a bounded amount, wherever its matches lie:
 *
 * 1. The newest matches among the `recentWindow` most recently published listed pitches. The
 *    planner walks the recency index (a common word fills the candidates within a few hundred
 *    rows) or reads the GIN matches (a rare word), and the window bounds the walk. Without it, a
 *    word common in old pitches only made the walk read the whole table (1.9 s on 100,000).
 * 2. Only if those are too few: other matches in storage order, from `pitch_search_sample` (see
 *    migration 0009), whose planner settings leave a GIN bitmap scan that stops at the bound as
 *    its only plan. So older pitches stay searchable, at a bounded cost.
 *
 * `= any(array(...))` runs this once, before the page query, which then probes the primary key
 * per id; `in (...)` would leave the planner free to hash-join against a scan of the table. The
 * `union all` under a `limit` never starts step 2 when step 1 filled it. A pitch in both steps is
 * one candidate (`any` matches a row once), at the cost of a slot.
 */
export function searchCandidates(
  db: Db,
  tsquery: SQL,
  filters: SQL[],
  query: ListPitchesQuery,
): SQL {
  const { candidates, recentWindow } = SEARCH_BOUNDS;
  const horizon = sql`(select ${pitches.publishedAt} from ${pitches} where ${LISTED}
    order by ${pitches.publishedAt} desc, ${pitches.id} desc offset ${recentWindow - 1} limit 1)`;
  const recent = db.select({ id: pitches.id }).from(pitches)
    .where(and(
      LISTED,
      ...filters,
      sql`${pitches.search} @@ ${tsquery}`,
      sql`${pitches.publishedAt} >= coalesce(${horizon}, '-infinity'::timestamptz)`,
    ))
    .orderBy(desc(pitches.publishedAt), desc(pitches.id))
    .limit(candidates);
  const sample = sql`select pitch_search_sample(${tsquery}, ${query.genre ?? null}::text,
    ${query.format ?? null}::text, ${query.ownerId ?? null}::text, ${query.tag ?? null}::text,
    ${candidates}::integer)`;
  return sql`${pitches.id} = any(array(select c.id from ((${recent}) union all (${sample}))
    as c(id) limit ${candidates}))`;
}
