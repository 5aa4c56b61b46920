import type { Ctx } from "../../context.ts";
import type { PitchView } from "../pitches/pitch_view.ts";
import { setPitchHidden } from "./set_pitch_hidden.ts";

/** Shows a hidden pitch again: it is back wherever its own status and visibility put it. */
export async function unhidePitch(
  { ctx, input }: {
    ctx: Pick<Ctx, "db" | "cache" | "clock" | "logger">;
    input: { actorId: string; pitchId: string };
  },
): Promise<PitchView> {
  return await setPitchHidden(ctx, { ...input, reason: null });
}
