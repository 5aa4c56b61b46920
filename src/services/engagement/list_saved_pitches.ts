import { and, desc, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { saves } from "../../db/tables/engagement.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { pitchListColumns } from "../pitches/pitch_columns.ts";
import { type PitchView, toPitchView } from "../pitches/pitch_view.ts";
import { keysetPage, readMicrosCursor } from "../shared/keyset_page.ts";
import { signCursor } from "../shared/signed_cursor.ts";

export interface ListSavedPitchesInput {
  userId: string;
  limit: number;
  cursor?: string;
}

// The cursor holds the save time in microseconds, as Postgres stores it: a millisecond ISO string
// would round, and rows saved within that millisecond would be skipped or repeated.
const savedAtMicros = sql<string>`(extract(epoch from ${saves.createdAt}) * 1000000)::bigint::text`;

/**
 * The caller's saved pitches, most recently saved first, keyset-paginated on (saved at, pitch id)
 * over `saves_user_created_idx`. Readability is checked here, at read time, with the same rule as
 * `canRead`: a pitch its owner hid or deleted (or an administrator hid) after it was saved drops out of everyone's list but
 * the owner's.
 */
export async function listSavedPitches(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "signer">; input: ListSavedPitchesInput },
): Promise<{ items: PitchView[]; nextCursor: string | null }> {
  const filters: SQL[] = [
    eq(saves.userId, input.userId),
    isNull(pitches.deletedAt),
    or(
      eq(pitches.ownerId, input.userId),
      sql`${pitches.status} = 'published' and ${pitches.visibility} <> 'private' and ${pitches.hiddenAt} is null`,
    )!,
  ];
  if (input.cursor !== undefined) {
    const [micros, pitchId] = await readMicrosCursor(ctx, input.cursor);
    filters.push(
      sql`(${saves.createdAt}, ${saves.pitchId}) < (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${pitchId})`,
    );
  }
  const rows = await ctx.db
    .select({ ...pitchListColumns, savedAtMicros })
    .from(saves)
    .innerJoin(pitches, eq(pitches.id, saves.pitchId))
    .where(and(...filters))
    .orderBy(desc(saves.createdAt), desc(saves.pitchId))
    .limit(input.limit + 1);
  return keysetPage(
    rows,
    input.limit,
    toPitchView,
    (last) => signCursor(ctx, [last.savedAtMicros, last.id]),
  );
}
