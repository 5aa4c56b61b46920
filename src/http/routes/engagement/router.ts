import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../../context.ts";
import { followUser } from "../../../services/engagement/follow_user.ts";
import { getFeed } from "../../../services/engagement/get_feed.ts";
import { listFollowing } from "../../../services/engagement/list_following.ts";
import { listSavedPitches } from "../../../services/engagement/list_saved_pitches.ts";
import { savePitch } from "../../../services/engagement/save_pitch.ts";
import { unfollowUser } from "../../../services/engagement/unfollow_user.ts";
import { unsavePitch } from "../../../services/engagement/unsave_pitch.ts";
import { requirePrincipal } from "../../auth/guards.ts";
import { validationHook } from "../../validation.ts";
import { listSavedRoute, savePitchRoute, unsavePitchRoute } from "./engagement_routes.ts";
import {
  followUserRoute,
  getFeedRoute,
  listFollowingRoute,
  unfollowUserRoute,
} from "./follow_routes.ts";

/** Saves, follows and the feed of the signed-in caller. Every route needs a credential. */
export function engagementRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(savePitchRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    await savePitch({ ctx: c.var.deps, input: { userId, pitchId: c.req.valid("param").id } });
    return c.body(null, 204);
  });

  router.openapi(unsavePitchRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    await unsavePitch({ ctx: c.var.deps, input: { userId, pitchId: c.req.valid("param").id } });
    return c.body(null, 204);
  });

  router.openapi(listSavedRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const page = await listSavedPitches({
      ctx: c.var.deps,
      input: { userId, ...c.req.valid("query") },
    });
    noStore(c);
    return c.json(page, 200);
  });

  router.openapi(followUserRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    await followUser({
      ctx: c.var.deps,
      input: { followerId: userId, followeeId: c.req.valid("param").id },
    });
    return c.body(null, 204);
  });

  router.openapi(unfollowUserRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    await unfollowUser({
      ctx: c.var.deps,
      input: { followerId: userId, followeeId: c.req.valid("param").id },
    });
    return c.body(null, 204);
  });

  router.openapi(listFollowingRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const page = await listFollowing({
      ctx: c.var.deps,
      input: { userId, ...c.req.valid("query") },
    });
    noStore(c);
    return c.json(page, 200);
  });

  router.openapi(getFeedRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const page = await getFeed({ ctx: c.var.deps, input: { userId, ...c.req.valid("query") } });
    noStore(c);
    return c.json(page, 200);
  });

  return router;
}

// These lists differ per caller and change with every save, follow or publish: no shared or
// browser cache may keep them.
function noStore(c: Context<AppEnv>) {
  c.header("cache-control", "private, no-store");
}
