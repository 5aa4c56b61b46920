import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../../auth/guards.ts";
import { idempotencyKey } from "../../../middleware/idempotency_key.ts";
import { pitchFields, PitchSchema } from "../../../schemas/pitch_schemas.ts";
import { idempotentOperation } from "../../../schemas/idempotency.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

const tags = ["Pitches"];
const params = z.object({ id: z.string().min(1).max(64) });
const etagHeader = { ETag: { schema: { type: "string" as const }, description: "Strong ETag" } };
const pitchResponse = (description: string) => ({
  description,
  headers: etagHeader,
  content: { "application/json": { schema: PitchSchema } },
});
const ifMatch = z.object({
  "if-match": z.string().optional().openapi({
    description: "Apply only if the pitch still has this ETag (or `*`); else 412",
  }),
});

/** Create input: strict, so `ownerId`, `status` or counters in a body are a 422, never ignored. */
const NewPitchSchema = z.strictObject({
  title: pitchFields.title,
  logline: pitchFields.logline,
  synopsis: pitchFields.synopsis.default(""),
  genre: pitchFields.genre,
  format: pitchFields.format,
  tags: pitchFields.tags.default([]),
  budgetRange: pitchFields.budgetRange.default(null),
  deckUrl: pitchFields.deckUrl.default(null),
  visibility: pitchFields.visibility.default("public"),
}).openapi("NewPitch");

const PitchChangesSchema = z.strictObject({
  title: pitchFields.title.optional(),
  logline: pitchFields.logline.optional(),
  synopsis: pitchFields.synopsis.optional(),
  genre: pitchFields.genre.optional(),
  format: pitchFields.format.optional(),
  tags: pitchFields.tags.optional(),
  budgetRange: pitchFields.budgetRange.optional(),
  deckUrl: pitchFields.deckUrl.optional(),
  visibility: pitchFields.visibility.optional(),
}).openapi("PitchChanges");

export const createPitchRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  // Before validation: an investor learns it may not create, not what the body lacks.
  middleware: [requireRole("creator"), idempotencyKey()] as const,
  method: "post",
  operationId: "createPitch",
  path: "/",
  summary: "Create a pitch as a draft (creators only)",
  description: "Only title, logline, genre and format are required. The pitch is a draft, seen " +
    "by its owner only, until it is published. Any other field (`ownerId`, `status`, ...) is 422.",
  request: {
    body: { required: true, content: { "application/json": { schema: NewPitchSchema } } },
  },
  parameters: idempotentOperation.parameters,
  responses: {
    201: {
      ...pitchResponse("The draft; `Location` is its URL"),
      headers: { ...etagHeader, Location: { schema: { type: "string" as const } } },
    },
    ...problemResponses(401, 403, 422),
    ...idempotentOperation.responses,
  },
});

export const getPitchRoute = createRoute({
  tags,
  // A credential is optional: it lets owners see their drafts and private pitches.
  security: [{}, ...AUTHENTICATED],
  method: "get",
  operationId: "getPitch",
  path: "/{id}",
  summary: "A pitch by id",
  description: "Others see published public and unlisted pitches; drafts, private and archived " +
    "pitches are 404 to all but their owner. Send `If-None-Match` to revalidate (304). An " +
    "investor's first open of a pitch in a UTC month uses one of the plan's monthly pitch " +
    "views; past the limit it is 403 `quota-exceeded`.",
  request: {
    params,
    headers: z.object({ "if-none-match": z.string().optional() }),
  },
  responses: {
    200: pitchResponse("The pitch"),
    304: { description: "Not modified: the ETag sent is current", headers: etagHeader },
    ...problemResponses(401, 403, 404, 422),
  },
});

export const updatePitchRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  method: "patch",
  operationId: "updatePitch",
  path: "/{id}",
  summary: "Change a pitch (owner only)",
  description: "Absent fields stay as they are; `null` clears `budgetRange` or `deckUrl`. " +
    "`ownerId`, `status`, counters and unknown fields are 422. With `If-Match`, a stale ETag is " +
    "412. Others get 404 for pitches they cannot read and 403 for ones they can.",
  request: {
    params,
    headers: ifMatch,
    body: { required: true, content: { "application/json": { schema: PitchChangesSchema } } },
  },
  responses: {
    200: pitchResponse("The changed pitch with its new ETag"),
    ...problemResponses(401, 403, 404, 412, 422),
  },
});

export const deletePitchRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  method: "delete",
  operationId: "deletePitch",
  path: "/{id}",
  summary: "Delete a pitch (owner only)",
  description: "It is 404 for everyone afterwards, owner included. With `If-Match`, a stale " +
    "ETag is 412.",
  request: { params, headers: ifMatch },
  responses: {
    204: { description: "Deleted" },
    ...problemResponses(401, 403, 404, 412, 422),
  },
});

export const publishPitchRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  method: "post",
  operationId: "publishPitch",
  path: "/{id}/publish",
  summary: "Publish a draft or archived pitch (owner only)",
  description: "`publishedAt` is set by the first publish and kept after. Publishing a published " +
    "pitch returns it unchanged. Plan limits may refuse with 403.",
  request: { params },
  responses: {
    200: pitchResponse("The published pitch"),
    ...problemResponses(401, 403, 404, 422),
  },
});

export const archivePitchRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  method: "post",
  operationId: "archivePitch",
  path: "/{id}/archive",
  summary: "Archive a pitch (owner only)",
  description: "Others then get 404; the owner may publish it again. Archiving an archived " +
    "pitch returns it unchanged.",
  request: { params },
  responses: {
    200: pitchResponse("The archived pitch"),
    ...problemResponses(401, 403, 404, 422),
  },
});
