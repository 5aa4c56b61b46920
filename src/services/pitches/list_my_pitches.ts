import { and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { keysetPage } from "../shared/keyset_page.ts";
import type { PitchPage } from "./list_pitches.ts";
import { pitchListColumns } from "./pitch_columns.ts";
import { toPitchView } from "./pitch_view.ts";
import type { PitchStatus } from "../../lib/enums.ts";
import { fromMicros, micros } from "./pitch_list_sql.ts";
import { decodePageCursor, encodePageCursor, type PageKey } from "./page_cursor.ts";

export interface ListMyPitchesInput {
  ownerId: string;
  limit: number;
  cursor?: string;
  status?: PitchStatus;
}

// The cursor scope: a cursor from `GET /v1/pitches` is refused here, and the reverse.
const SCOPE = "mine";

/**
 * The SELECT of one page of an owner's pitches, newest created first, over `pitches_owner_idx`
 * (owner, created_at desc, where not deleted). Exported for `scripts/explain_pitch_queries.ts`.
 */
export function myPitchesQuery(
  db: Db,
  input: Pick<ListMyPitchesInput, "ownerId" | "limit" | "status">,
  after?: PageKey,
) {
  const where: SQL[] = [eq(pitches.ownerId, input.ownerId), isNull(pitches.deletedAt)];
  if (input.status) where.push(eq(pitches.status, input.status));
  if (after) {
    where.push(
      sql`(${pitches.createdAt}, ${pitches.id}) < (${fromMicros(after.value)}, ${after.id})`,
    );
  }
  return db.select({ ...pitchListColumns, pageKey: micros(pitches.createdAt) }).from(pitches)
    .where(and(...where))
    .orderBy(desc(pitches.createdAt), desc(pitches.id))
    .limit(input.limit + 1);
}

/**
 * The caller's own pitches in every state but deleted (drafts, private, unlisted, archived
 * included), keyset-paginated on (created_at, id). Never cached: it is one person's working list.
 */
export async function listMyPitches(
  { ctx, input }: { ctx: Pick<Ctx, "db" | "signer">; input: ListMyPitchesInput },
): Promise<PitchPage> {
  const filters = { status: input.status };
  const after = input.cursor === undefined
    ? undefined
    : await decodePageCursor(ctx, input.cursor, { scope: SCOPE, filters, kind: "micros" });
  const rows = await myPitchesQuery(ctx.db, input, after);
  return keysetPage(
    rows,
    input.limit,
    toPitchView,
    (last) => encodePageCursor(ctx, SCOPE, filters, { value: last.pageKey, id: last.id }),
  );
}
