import { createRoute, z } from "@hono/zod-openapi";
import { PitchSchema } from "../../../schemas/pitch_schemas.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";
import { ReasonBodySchema } from "./admin_user_schemas.ts";

const tags = ["Admin"];
const security = AUTHENTICATED;
const params = z.object({ id: z.string().min(1).max(64) });
const moderated = {
  description: "The pitch as its owner now sees it",
  content: { "application/json": { schema: PitchSchema } },
};

export const hidePitchRoute = createRoute({
  operationId: "hidePitch",
  tags,
  security,
  method: "post",
  path: "/{id}/hide",
  summary: "Hide a pitch from everyone but its owner (admins only)",
  description: "The pitch leaves lists, search, feeds and saved lists at once, and reads by id " +
    "answer 404; its owner still reads it, with `moderation` carrying the reason. A hidden " +
    "pitch is a 409; a deleted or unknown one a 404.",
  request: {
    params,
    body: { required: true, content: { "application/json": { schema: ReasonBodySchema } } },
  },
  responses: { 200: moderated, ...problemResponses(401, 403, 404, 409, 422) },
});

export const unhidePitchRoute = createRoute({
  operationId: "unhidePitch",
  tags,
  security,
  method: "post",
  path: "/{id}/unhide",
  summary: "Show a hidden pitch again (admins only)",
  description: "A pitch that is not hidden is a 409.",
  request: { params },
  responses: { 200: moderated, ...problemResponses(401, 403, 404, 409, 422) },
});
