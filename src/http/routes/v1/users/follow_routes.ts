import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../../../auth/guards.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { IdParamSchema } from "../../../schemas/request_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

const security = AUTHENTICATED;

export const followUserRoute = createRoute({
  method: "put",
  operationId: "followUser",
  path: "/{id}/follow",
  tags: ["Follows"],
  summary: "Follow a user (idempotent)",
  description: "Following again changes nothing. Following yourself is 400.",
  security,
  middleware: [requireAuth()] as const,
  request: { params: IdParamSchema },
  responses: {
    204: { description: "Followed" },
    ...problemResponses(400, 401, 403, 404, 422),
  },
});

export const unfollowUserRoute = createRoute({
  method: "delete",
  operationId: "unfollowUser",
  path: "/{id}/follow",
  tags: ["Follows"],
  summary: "Stop following a user (idempotent)",
  security,
  middleware: [requireAuth()] as const,
  request: { params: IdParamSchema },
  responses: {
    204: { description: "Not followed (any more)" },
    ...problemResponses(401, 403, 404, 422),
  },
});
