import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { getPublicProfile } from "../../../../services/accounts/get_public_profile.ts";
import { followUser } from "../../../../services/engagement/follow_user.ts";
import { unfollowUser } from "../../../../services/engagement/unfollow_user.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { PublicProfileSchema } from "../../../schemas/account_schemas.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { validationHook } from "../../../validation.ts";
import { followUserRoute, unfollowUserRoute } from "./follow_routes.ts";

const getUserRoute = createRoute({
  method: "get",
  operationId: "getUser",
  path: "/{id}",
  tags: ["Users"],
  summary: "A user's public profile (never the email)",
  description: "Public: no credential needed (an invalid one is still a 401).",
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: {
      description: "The public profile",
      content: { "application/json": { schema: PublicProfileSchema } },
    },
    ...problemResponses(401, 404, 422),
  },
});

/**
 * Other people: their public profiles, and following or unfollowing them. The caller's own
 * account, and whom it follows, live under `/v1/me`.
 */
export function usersRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(getUserRoute, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await getPublicProfile({ ctx: c.get("deps"), input: { userId: id } }), 200);
  });

  router.openapi(followUserRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    await followUser({
      ctx: c.get("deps"),
      input: { followerId: userId, followeeId: c.req.valid("param").id },
    });
    return c.body(null, 204);
  });

  router.openapi(unfollowUserRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    await unfollowUser({
      ctx: c.get("deps"),
      input: { followerId: userId, followeeId: c.req.valid("param").id },
    });
    return c.body(null, 204);
  });

  return router;
}
