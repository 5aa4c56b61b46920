import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/guards.ts";
import { PublicProfileSchema } from "../../schemas/account_schemas.ts";
import { PitchPageSchema } from "../../schemas/pitch_schemas.ts";
import { problemResponses } from "../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../schemas/security.ts";
import { IdParamSchema, PageQuerySchema } from "./engagement_routes.ts";

const security = AUTHENTICATED;

/** A keyset page of public profiles. */
export const PublicProfilePageSchema = z.object({
  items: z.array(PublicProfileSchema),
  nextCursor: z.string().nullable(),
}).openapi("PublicProfilePage");

export const followUserRoute = createRoute({
  method: "put",
  path: "/v1/users/{id}/follow",
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
  path: "/v1/users/{id}/follow",
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

export const listFollowingRoute = createRoute({
  method: "get",
  path: "/v1/me/following",
  tags: ["Follows"],
  summary: "The users the caller follows, most recently followed first",
  security,
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

export const getFeedRoute = createRoute({
  method: "get",
  path: "/v1/me/feed",
  tags: ["Follows"],
  summary: "Pitches of the creators the caller follows, newest published first",
  description: "Published public pitches only: never unlisted, private, draft, archived or " +
    "deleted ones. Pages do not repeat or skip pitches when new ones are published meanwhile. " +
    "Never cached.",
  security,
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
