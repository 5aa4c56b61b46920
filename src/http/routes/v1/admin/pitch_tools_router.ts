import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { hidePitch } from "../../../../services/admin/hide_pitch.ts";
import { unhidePitch } from "../../../../services/admin/unhide_pitch.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { validationHook } from "../../../validation.ts";
import { hidePitchRoute, unhidePitchRoute } from "./pitch_tool_routes.ts";

/** Pitch moderation, mounted at `/v1/admin/pitches` (the app requires the admin role). */
export function pitchToolsRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(hidePitchRoute, async (c) => {
    const pitch = await hidePitch({
      ctx: c.get("deps"),
      input: {
        actorId: requirePrincipal(c).userId,
        pitchId: c.req.valid("param").id,
        reason: c.req.valid("json").reason,
      },
    });
    return c.json(pitch, 200);
  });
  router.openapi(unhidePitchRoute, async (c) => {
    const pitch = await unhidePitch({
      ctx: c.get("deps"),
      input: { actorId: requirePrincipal(c).userId, pitchId: c.req.valid("param").id },
    });
    return c.json(pitch, 200);
  });
  return router;
}
