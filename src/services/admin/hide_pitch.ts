import type { Ctx } from "../../context.ts";
import type { PitchView } from "../pitches/pitch_view.ts";
import { setPitchHidden } from "./set_pitch_hidden.ts";

/**
 * Hides a pitch from everyone but its owner: it leaves lists, search, feeds, saved lists and
 * digests, reads by id answer 404, and the owner sees `moderation` with the reason.
 */
export async function hidePitch(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "logger">;
    input: { actorId: string; pitchId: string; reason: string };
  },
): Promise<PitchView> {
  return await setPitchHidden(ctx, input);
}
