import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { savePitch } from "../../../../services/engagement/save_pitch.ts";
import { unsavePitch } from "../../../../services/engagement/unsave_pitch.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { validationHook } from "../../../validation.ts";
import { savePitchRoute, unsavePitchRoute } from "./save_routes.ts";

/** Saving and unsaving a pitch. The caller's saved list is `GET /v1/me/saved`. */
export function pitchSaveRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(savePitchRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    await savePitch({ ctx: c.get("deps"), input: { userId, pitchId: c.req.valid("param").id } });
    return c.body(null, 204);
  });

  router.openapi(unsavePitchRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    await unsavePitch({ ctx: c.get("deps"), input: { userId, pitchId: c.req.valid("param").id } });
    return c.body(null, 204);
  });

  return router;
}
