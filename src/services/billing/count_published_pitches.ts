import type { Ctx } from "../../context.ts";
import { and, count, eq, isNull } from "drizzle-orm";
import { pitches } from "../../db/tables/pitches.ts";

/** Live published pitches of `userId`: what the plan's `publishedPitches` limit counts. */
export async function countPublishedPitches(
  { ctx, input }: { ctx: Pick<Ctx, "db">; input: { userId: string } },
): Promise<number> {
  const [row] = await ctx.db.select({ n: count() }).from(pitches).where(and(
    eq(pitches.ownerId, input.userId),
    eq(pitches.status, "published"),
    isNull(pitches.deletedAt),
  ));
  return row?.n ?? 0;
}
