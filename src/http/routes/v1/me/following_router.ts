import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { listFollowing } from "../../../../services/engagement/list_following.ts";
import { requireAuth, requirePrincipal } from "../../../auth/guards.ts";
import { PublicProfileSchema } from "../../../schemas/account_schemas.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { PageQuerySchema } from "../../../schemas/request_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";
import { validationHook } from "../../../validation.ts";

/** A keyset page of public profiles. */
const PublicProfilePageSchema = z.object({
  items: z.array(PublicProfileSchema),
  nextCursor: z.string().nullable(),
}).openapi("PublicProfilePage");

const listFollowingRoute = createRoute({
  method: "get",
  operationId: "listFollowing",
  path: "/",
  tags: ["Follows"],
  summary: "The users the caller follows, most recently followed first",
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  request: { query: PageQuerySchema },
  responses: {
    200: {
      description: "A page of public profiles",
      content: { "application/json": { schema: PublicProfilePageSchema } },
    },
    ...problemResponses(400, 401, 422),
  },
});

/** The users the caller follows. Following one is `PUT /v1/users/{id}/follow`. */
export function followingRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(listFollowingRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const page = await listFollowing({
      ctx: c.get("deps"),
      input: { userId, ...c.req.valid("query") },
    });
    // Differs per caller and changes with every follow: no shared or browser cache may keep it.
    c.header("cache-control", "private, no-store");
    return c.json(page, 200);
  });
  return router;
}
