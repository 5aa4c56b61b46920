import { createRoute, z } from "@hono/zod-openapi";
import { FORMATS, GENRES } from "../../../../lib/enums.ts";
import { LIST_SORTS } from "../../../../services/pitches/list_pitches_query.ts";
import { SEARCH_BOUNDS, searchBoundsProblem } from "../../../../services/pitches/search_bounds.ts";
import { pitchPageQuery, PitchPageSchema } from "../../../schemas/pitch_schemas.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

const ListPitchesQuerySchema = z.strictObject({
  ...pitchPageQuery,
  genre: z.enum(GENRES).optional(),
  format: z.enum(FORMATS).optional(),
  // Normalised like TagsSchema so `?tag= Film  Noir` finds pitches tagged "film noir".
  tag: z.string().trim().toLowerCase().min(1).max(30)
    .transform((tag) => tag.replace(/\s+/g, " ")).optional(),
  ownerId: z.string().min(1).max(64).optional(),
  q: z.string().trim().min(1).max(200).superRefine((q, ctx) => {
    const problem = searchBoundsProblem(q);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }).optional().openapi({
    description: 'Web-search syntax: words, "quoted phrases", -excluded, or. At most ' +
      `${SEARCH_BOUNDS.maxTerms} words of at most ${SEARCH_BOUNDS.maxTermLength} characters ` +
      `(more is 422, never cut). A search sorts and pages through at most ` +
      `${SEARCH_BOUNDS.candidates} matches, the newest first. Searches have their own ` +
      'per-address budget (`RateLimit-Policy` "search-ip").',
  }),
  sort: z.enum(LIST_SORTS).optional()
    .openapi({ description: "`new` by default, `relevance` by default when `q` is given" }),
}).superRefine((query, ctx) => {
  if (query.sort === "relevance" && query.q === undefined) {
    ctx.addIssue({ code: "custom", path: ["sort"], message: 'Sort "relevance" needs "q"' });
  }
});

const cacheHeaders = {
  etag: { description: "Strong tag of the body", schema: { type: "string" as const } },
  "cache-control": {
    description: "Public for anonymous callers",
    schema: { type: "string" as const },
  },
};

export const listPitchesRoute = createRoute({
  method: "get",
  operationId: "listPitches",
  path: "/",
  tags: ["Pitches"],
  summary: "List and search published public pitches",
  description: "Only published, public, live pitches appear, for every caller (owners see " +
    "their drafts and hidden pitches under `GET /v1/me/pitches`). Keyset-paginated: a pitch " +
    "published between two fetches never causes a repeat or a gap. Anonymous pages are shared " +
    "and cacheable for 15 s; send `If-None-Match` with the `ETag` to get a 304.",
  // A credential is optional: it only makes the answer private and uncached.
  security: [{}, ...AUTHENTICATED],
  request: {
    query: ListPitchesQuerySchema,
    headers: z.object({ "if-none-match": z.string().optional() }),
  },
  responses: {
    200: {
      description: "A page of pitches",
      headers: cacheHeaders,
      content: { "application/json": { schema: PitchPageSchema } },
    },
    304: { description: "The page is unchanged since the `ETag` sent", headers: cacheHeaders },
    ...problemResponses(400, 401, 422, 429),
  },
});
