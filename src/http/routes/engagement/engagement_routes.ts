import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/guards.ts";
import { PitchPageSchema } from "../../schemas/pitch_schemas.ts";
import { problemResponses } from "../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../schemas/security.ts";

const security = AUTHENTICATED;

/** `limit` and `cursor` of every keyset-paginated list here. */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional().openapi({
    description: "`nextCursor` of the previous page; opaque",
  }),
});

/** Path parameter of the routes acting on one pitch or one user. */
export const IdParamSchema = z.object({ id: z.string().min(1).max(64) });

export const savePitchRoute = createRoute({
  method: "put",
  path: "/v1/pitches/{id}/save",
  tags: ["Saves"],
  summary: "Save a pitch (idempotent)",
  description: "Saves a pitch the caller may read: a published public or unlisted pitch, or one " +
    "of the caller's own. Saving it again changes nothing. Any other pitch is 404.",
  security,
  // Before validation: an anonymous caller learns it must sign in, not what the request lacks.
  middleware: [requireAuth()] as const,
  request: { params: IdParamSchema },
  responses: {
    204: { description: "Saved" },
    ...problemResponses(401, 403, 404, 422),
  },
});

export const unsavePitchRoute = createRoute({
  method: "delete",
  path: "/v1/pitches/{id}/save",
  tags: ["Saves"],
  summary: "Remove a saved pitch (idempotent)",
  description: "Removing a pitch that is not saved changes nothing. A pitch the caller cannot " +
    "read and has not saved is 404.",
  security,
  middleware: [requireAuth()] as const,
  request: { params: IdParamSchema },
  responses: {
    204: { description: "Not saved (any more)" },
    ...problemResponses(401, 403, 404, 422),
  },
});

export const listSavedRoute = createRoute({
  method: "get",
  path: "/v1/me/saved",
  tags: ["Saves"],
  summary: "The caller's saved pitches, most recently saved first",
  description: "Only pitches the caller can still read: one its owner archived, made private or " +
    "deleted no longer appears (its owner still sees it). Never cached.",
  security,
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
