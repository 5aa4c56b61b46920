import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../../context.ts";
import { getPublicProfile } from "../../../services/accounts/get_public_profile.ts";
import { PublicProfileSchema } from "../../schemas/account_schemas.ts";
import { problemResponses } from "../../schemas/problem_schemas.ts";
import { validationHook } from "../../validation.ts";

const getUserRoute = createRoute({
  method: "get",
  path: "/v1/users/{id}",
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

/** Other people's public profiles. The caller's own account lives under `/v1/me`. */
export function usersRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(getUserRoute, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await getPublicProfile({ ctx: c.var.deps, input: { userId: id } }), 200);
  });
  return router;
}
