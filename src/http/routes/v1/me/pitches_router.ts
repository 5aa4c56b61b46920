import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { PITCH_STATUSES } from "../../../../lib/enums.ts";
import { listMyPitches } from "../../../../services/pitches/list_my_pitches.ts";
import { requireAuth, requirePrincipal } from "../../../auth/guards.ts";
import { pitchPageQuery, PitchPageSchema } from "../../../schemas/pitch_schemas.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";
import { validationHook } from "../../../validation.ts";

const listMyPitchesRoute = createRoute({
  method: "get",
  operationId: "listMyPitches",
  path: "/",
  tags: ["Pitches"],
  summary: "The caller's own pitches, newest first, in every state but deleted",
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  request: {
    query: z.strictObject({ ...pitchPageQuery, status: z.enum(PITCH_STATUSES).optional() }),
  },
  responses: {
    200: {
      description: "A page of the caller's pitches",
      content: { "application/json": { schema: PitchPageSchema } },
    },
    ...problemResponses(400, 401, 422),
  },
});

/** The caller's own pitches, drafts and hidden ones included (`GET /v1/pitches` has none). */
export function myPitchesRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(listMyPitchesRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const page = await listMyPitches({
      ctx: c.get("deps"),
      input: { ...c.req.valid("query"), ownerId: userId },
    });
    c.header("cache-control", "private, no-store");
    return c.json(page, 200);
  });
  return router;
}
