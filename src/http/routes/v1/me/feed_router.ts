import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { getFeed } from "../../../../services/engagement/get_feed.ts";
import { requireAuth, requirePrincipal } from "../../../auth/guards.ts";
import { PitchPageSchema } from "../../../schemas/pitch_schemas.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { PageQuerySchema } from "../../../schemas/request_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";
import { validationHook } from "../../../validation.ts";

const getFeedRoute = createRoute({
  method: "get",
  operationId: "getFeed",
  path: "/",
  tags: ["Follows"],
  summary: "Pitches of the creators the caller follows, newest published first",
  description: "Published public pitches only: never unlisted, private, draft, archived or " +
    "deleted ones. Pages do not repeat or skip pitches when new ones are published meanwhile. " +
    "Never cached.",
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  request: { query: PageQuerySchema },
  responses: {
    200: {
      description: "A page of pitches",
      content: { "application/json": { schema: PitchPageSchema } },
    },
    ...problemResponses(400, 401, 422),
  },
});

/** The caller's feed: what the creators it follows published. */
export function feedRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(getFeedRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const page = await getFeed({ ctx: c.get("deps"), input: { userId, ...c.req.valid("query") } });
    // Differs per caller and changes with every follow or publish: no cache may keep it.
    c.header("cache-control", "private, no-store");
    return c.json(page, 200);
  });
  return router;
}
