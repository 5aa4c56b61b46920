import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { pitches } from "../../db/tables/pitches.ts";
import { ConflictError } from "../../ports/errors.ts";
import { pitchNotFound } from "../pitches/find_owned_pitch.ts";
import { pitchViewColumns } from "../pitches/pitch_columns.ts";
import { invalidatePitch } from "../pitches/pitch_cache.ts";
import { type PitchView, toPitchView } from "../pitches/pitch_view.ts";
import { logAdminAction } from "./admin_audit_log.ts";

type Needs = Pick<Ctx, "db" | "cache" | "clock" | "logger">;

/**
 * Hides a live pitch (`reason` set) or shows it again (`reason` null). The version moves on, so
 * the owner's ETags change, and the pitch's cached reads and every cached list page are dropped
 * like an unpublish drops them: anonymous readers stop seeing it on their next request, here at
 * once and on other instances within the invalidation window. Hiding a hidden pitch, or showing
 * one that is not hidden, is a conflict, so the first reason stays. Shared by `hidePitch` and
 * `unhidePitch`, which differ only in the state they start from.
 */
export async function setPitchHidden(
  ctx: Needs,
  input: { actorId: string; pitchId: string; reason: string | null },
): Promise<PitchView> {
  const hiding = input.reason !== null;
  const at = new Date(ctx.clock.now());
  const [row] = await ctx.db.update(pitches)
    .set({
      hiddenAt: hiding ? at : null,
      hiddenReason: input.reason,
      hiddenBy: hiding ? input.actorId : null,
      version: sql`${pitches.version} + 1`,
      updatedAt: at,
    })
    .where(and(
      eq(pitches.id, input.pitchId),
      isNull(pitches.deletedAt),
      hiding ? isNull(pitches.hiddenAt) : isNotNull(pitches.hiddenAt),
    ))
    .returning(pitchViewColumns);
  if (!row) throw await unchangedPitchError(ctx, input.pitchId, hiding);
  await invalidatePitch(ctx, row.id);
  logAdminAction(ctx, {
    action: hiding ? "hide-pitch" : "unhide-pitch",
    actorId: input.actorId,
    targetId: row.id,
  });
  return toPitchView(row);
}

async function unchangedPitchError(ctx: Needs, pitchId: string, hiding: boolean) {
  const [live] = await ctx.db.select({ id: pitches.id }).from(pitches)
    .where(and(eq(pitches.id, pitchId), isNull(pitches.deletedAt))).limit(1);
  if (!live) return pitchNotFound(pitchId);
  return new ConflictError(`Pitch "${pitchId}" is ${hiding ? "hidden already" : "not hidden"}`);
}
