import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { follows } from "../../db/tables/engagement.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { pitchListColumns } from "../pitches/pitch_columns.ts";
import { type PitchView, toPitchView } from "../pitches/pitch_view.ts";
import { keysetPage, readMicrosCursor } from "../shared/keyset_page.ts";
import { signCursor } from "../shared/signed_cursor.ts";

export interface GetFeedInput {
  userId: string;
  limit: number;
  cursor?: string;
}

// Written out as literals, exactly as the partial indexes' predicate: a bound parameter
// (`status = $1`) does not prove the predicate, and the planner would skip
// `pitches_listed_owner_idx`.
const listed =
  sql`${pitches.status} = 'published' and ${pitches.visibility} = 'public' and ${pitches.deletedAt} is null and ${pitches.hiddenAt} is null`;

// Microseconds, as stored: a millisecond cursor would round and skip or repeat pitches.
const publishedMicros = sql<
  string | null
>`(extract(epoch from ${pitches.publishedAt}) * 1000000)::bigint::text`;

/**
 * Listed pitches (published, public, not deleted) of the creators the caller follows, newest
 * published first, keyset-paginated on (published at, id): a pitch published while the caller
 * pages sorts before the cursor, so later pages neither repeat nor skip anything.
 *
 * A lateral join takes at most one page per followed creator from `pitches_listed_owner_idx`,
 * then merges those. A plain join lets the planner walk every listed pitch newest first and probe
 * follows for each: fast for a caller who follows active creators, a scan of the whole index for
 * one who follows a few quiet ones.
 */
export async function getFeed(
  { ctx, input }: { ctx: Pick<Ctx, "readDb" | "signer">; input: GetFeedInput },
): Promise<{ items: PitchView[]; nextCursor: string | null }> {
  const filters: SQL[] = [eq(pitches.ownerId, follows.followeeId), listed];
  if (input.cursor !== undefined) {
    const [micros, pitchId] = await readMicrosCursor(ctx, input.cursor);
    filters.push(
      sql`(${pitches.publishedAt}, ${pitches.id}) < (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${pitchId})`,
    );
  }
  const db = ctx.readDb;
  const perCreator = db
    .select({ ...pitchListColumns, publishedMicros: publishedMicros.as("published_micros") })
    .from(pitches)
    .where(and(...filters))
    .orderBy(desc(pitches.publishedAt), desc(pitches.id))
    .limit(input.limit + 1)
    .as("feed_pitch");
  const rows = await db
    .select()
    .from(follows)
    .crossJoinLateral(perCreator)
    .where(eq(follows.followerId, input.userId))
    .orderBy(desc(perCreator.publishedAt), desc(perCreator.id))
    .limit(input.limit + 1);
  return keysetPage(
    rows,
    input.limit,
    (row) => toPitchView(row.feed_pitch),
    // Listed pitches always have a publication time; the check only satisfies the types.
    ({ feed_pitch: last }) =>
      last.publishedMicros != null ? signCursor(ctx, [last.publishedMicros, last.id]) : null,
  );
}
