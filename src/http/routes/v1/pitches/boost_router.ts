import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { boostPitch } from "../../../../services/pitches/boost_pitch.ts";
import { getPitchAnalytics } from "../../../../services/pitches/get_pitch_analytics.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { validationHook } from "../../../validation.ts";
import { boostPitchRoute, pitchAnalyticsRoute } from "./boost_routes.ts";

/** Plan-gated pitch actions: boosting (metered) and analytics (a plan feature). */
export function pitchBoostRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(boostPitchRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { id } = c.req.valid("param");
    const result = await boostPitch({ ctx: c.get("deps"), input: { pitchId: id, userId } });
    return c.json({ ...result, resetsAt: new Date(result.resetsAt).toISOString() }, 200);
  });

  router.openapi(pitchAnalyticsRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { id } = c.req.valid("param");
    const analytics = await getPitchAnalytics({
      ctx: c.get("deps"),
      input: { pitchId: id, userId },
    });
    c.header("cache-control", "private, no-store");
    return c.json(analytics, 200);
  });

  return router;
}
