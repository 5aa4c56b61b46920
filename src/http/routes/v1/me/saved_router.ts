import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { listSavedPitches } from "../../../../services/engagement/list_saved_pitches.ts";
import { requireAuth, requirePrincipal } from "../../../auth/guards.ts";
import { PitchPageSchema } from "../../../schemas/pitch_schemas.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { PageQuerySchema } from "../../../schemas/request_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";
import { validationHook } from "../../../validation.ts";

const listSavedRoute = createRoute({
  method: "get",
  operationId: "listSavedPitches",
  path: "/",
  tags: ["Saves"],
  summary: "The caller's saved pitches, most recently saved first",
  description: "Only pitches the caller can still read: one its owner archived, made private or " +
    "deleted no longer appears (its owner still sees it). Never cached.",
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  request: { query: PageQuerySchema },
  responses: {
    200: {
      description: "A page of saved pitches",
      content: { "application/json": { schema: PitchPageSchema } },
    },
    ...problemResponses(400, 401, 422),
  },
});

/** The caller's saved pitches. Saving one is `PUT /v1/pitches/{id}/save`. */
export function savedRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(listSavedRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const page = await listSavedPitches({
      ctx: c.get("deps"),
      input: { userId, ...c.req.valid("query") },
    });
    // Differs per caller and changes with every save: no shared or browser cache may keep it.
    c.header("cache-control", "private, no-store");
    return c.json(page, 200);
  });
  return router;
}
