import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../../../auth/guards.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { IdParamSchema } from "../../../schemas/request_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

const security = AUTHENTICATED;

export const savePitchRoute = createRoute({
  method: "put",
  operationId: "savePitch",
  path: "/{id}/save",
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
  operationId: "unsavePitch",
  path: "/{id}/save",
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
