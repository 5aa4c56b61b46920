import { eq, sql } from "drizzle-orm";
import { withTransaction } from "../shared/with_transaction.ts";
import type { Ctx } from "../../context.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { findOwnedPitch } from "./find_owned_pitch.ts";
import { pitchViewColumns } from "./pitch_columns.ts";
import { invalidatePitch } from "./pitch_cache.ts";
import { forgetUsage } from "../billing/usage_cache.ts";
import { type PitchView, toPitchView } from "./pitch_view.ts";

/**
 * Archives the owner's pitch (draft or published): it leaves lists and is "not found" for
 * everyone else, but keeps `publishedAt` so it can be published again. Archiving an archived
 * pitch changes nothing. The row is locked so a concurrent publish cannot interleave.
 */
export async function archivePitch(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock">;
    input: { pitchId: string; userId: string };
  },
): Promise<PitchView> {
  const result = await withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const current = await findOwnedPitch({ ctx: txCtx, input: { ...input, forUpdate: true } });
    if (current.status === "archived") return { row: current, changed: false };
    const [row] = await tx.update(pitches).set({
      status: "archived",
      version: sql`${pitches.version} + 1`,
      updatedAt: new Date(ctx.clock.now()),
    }).where(eq(pitches.id, input.pitchId)).returning(pitchViewColumns);
    return { row: row!, changed: true };
  });
  if (result.changed) {
    // The owner's published-pitches count changed too.
    await Promise.all([invalidatePitch(ctx, input.pitchId), forgetUsage(ctx, input.userId)]);
  }
  return toPitchView(result.row);
}
