import type { Ctx } from "../../context.ts";
import { eq } from "drizzle-orm";
import { pitches } from "../../db/tables/pitches.ts";
import { pitchNotFound } from "./find_owned_pitch.ts";
import { canRead } from "./visibility.ts";

/**
 * Throws the `NotFoundError` of a missing pitch unless `userId` may read the pitch (`canRead`), so
 * a pitch the caller may not see answers exactly like one that does not exist.
 */
export async function requireReadablePitch(
  { ctx, input }: { ctx: Pick<Ctx, "db">; input: { pitchId: string; userId: string } },
): Promise<void> {
  const [pitch] = await ctx.db
    .select({
      ownerId: pitches.ownerId,
      status: pitches.status,
      visibility: pitches.visibility,
      deletedAt: pitches.deletedAt,
      hiddenAt: pitches.hiddenAt,
    })
    .from(pitches)
    .where(eq(pitches.id, input.pitchId))
    .limit(1);
  if (!pitch || !canRead(pitch, input.userId)) throw pitchNotFound(input.pitchId);
}
