import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { BadRequestError } from "../../ports/errors.ts";
import { keysetPage } from "../shared/keyset_page.ts";
import { pitchListColumns } from "./pitch_columns.ts";
import { sharedListPage } from "./shared_list_page.ts";
import { type PitchView, toPitchView } from "./pitch_view.ts";
import {
  canonicalListQuery,
  type ListPitchesQuery,
  type ListSort,
  resolveSort,
} from "./list_pitches_query.ts";
import { fromMicros, LISTED, micros } from "./pitch_list_sql.ts";
import { decodePageCursor, encodePageCursor, type KeyKind, type PageKey } from "./page_cursor.ts";
import { searchCandidates } from "./search_candidates.ts";

/** One keyset page; `nextCursor` is null on the last page. */
export interface PitchPage {
  items: PitchView[];
  nextCursor: string | null;
}

export interface ListPitchesInput extends ListPitchesQuery {
  /**
   * True for anonymous callers. A list is the same for everyone (owners included), but only
   * anonymous pages go through the shared cache: signed-in callers read the database, fresh.
   */
  shared: boolean;
}

const KEY_KINDS: Record<ListSort, KeyKind> = {
  new: "micros",
  trending: "number",
  relevance: "number",
};

/** The ordering key of a sort, how a cursor bound is cast back, and the key as exact text. */
function sortPlan(sort: ListSort, tsquery: SQL | undefined) {
  switch (sort) {
    case "new":
      return {
        key: sql`${pitches.publishedAt}`,
        bound: fromMicros,
        text: micros(pitches.publishedAt),
      };
    case "trending":
      return {
        key: sql`${pitches.trendingScore}`,
        bound: (value: string) => sql`${value}::float8`,
        text: sql<string>`${pitches.trendingScore}::text`,
      };
    case "relevance": {
      if (!tsquery) throw new BadRequestError(`Sort "relevance" needs a search query "q"`);
      const rank = sql`ts_rank_cd(${pitches.search}, ${tsquery})`;
      return {
        key: rank,
        bound: (value: string) => sql`${value}::real`,
        text: sql<string>`${rank}::text`,
      };
    }
  }
}

/**
 * The SELECT of one page: `limit + 1` rows after `after`, in (sort key, id) descending order.
 * Exported so `scripts/explain_pitch_queries.ts` explains exactly the SQL the API runs. Each
 * filter matches an index: LISTED selects the partial indexes, `tags @> array[tag]` the GIN
 * on tags.
 *
 * A search (`q`) sorts and pages through its bounded `searchCandidates` only. Relevance used to
 * rank every match, a detoast and a `ts_rank_cd` per row: a common word matching 76,000 of
 * 100,000 pitches took 850 ms of three Postgres processes per search.
 */
export function listPitchesQuery(db: Db, query: ListPitchesQuery, after?: PageKey) {
  const tsquery = query.q === undefined
    ? undefined
    : sql`websearch_to_tsquery('english', ${query.q})`;
  const sort = resolveSort(query);
  const plan = sortPlan(sort, tsquery);
  const filters: SQL[] = [];
  if (query.genre) filters.push(eq(pitches.genre, query.genre));
  if (query.format) filters.push(eq(pitches.format, query.format));
  if (query.ownerId) filters.push(eq(pitches.ownerId, query.ownerId));
  if (query.tag) filters.push(sql`${pitches.tags} @> array[${query.tag}::text]`);
  const where = tsquery ? [searchCandidates(db, tsquery, filters, query)] : [LISTED, ...filters];
  if (after) {
    where.push(sql`(${plan.key}, ${pitches.id}) < (${plan.bound(after.value)}, ${after.id})`);
  }
  return db.select({ ...pitchListColumns, pageKey: plan.text }).from(pitches)
    .where(and(...where))
    .orderBy(desc(plan.key), desc(pitches.id))
    .limit(query.limit + 1);
}

/**
 * Listed pitches (published, public, not deleted), filtered, searched and sorted, one keyset page
 * at a time. Keyset rather than offset: a pitch published between two fetches lands before the
 * cursor (newest first), so later pages neither repeat nor skip anything. Anonymous first pages are
 * cached under the current list generation, which every pitch change retires.
 */
export async function listPitches(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "readDb" | "cache" | "signer" | "background">;
    input: ListPitchesInput;
  },
): Promise<PitchPage> {
  const { shared, ...query } = input;
  const sort = resolveSort(query);
  const filters = {
    genre: query.genre,
    format: query.format,
    tag: query.tag,
    ownerId: query.ownerId,
    q: query.q,
  };
  // Checked before the cache so a forged cursor never becomes a cache key.
  const after = query.cursor === undefined
    ? undefined
    : await decodePageCursor(ctx, query.cursor, { scope: sort, filters, kind: KEY_KINDS[sort] });
  const load = async (): Promise<PitchPage> => {
    const rows = await listPitchesQuery(ctx.readDb, query, after);
    return keysetPage(
      rows,
      query.limit,
      toPitchView,
      (last) => encodePageCursor(ctx, sort, filters, { value: last.pageKey, id: last.id }),
    );
  };
  // Only first pages are shared: later pages are cheap keyset reads, and caching every cursor
  // would let one client fill the tiers with pages nobody else asks for.
  if (!shared || after !== undefined) return await load();
  return await sharedListPage({ ctx, input: { canonicalQuery: canonicalListQuery(query), load } });
}
