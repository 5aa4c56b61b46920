import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { sha256Hex } from "../../../../lib/secure_tokens.ts";
import { listPitches } from "../../../../services/pitches/list_pitches.ts";
import { cachedJsonAnswer } from "../../../json_answer.ts";
import { jsonText, oncePerObject } from "../../../json_once.ts";
import { validationHook } from "../../../validation.ts";
import { listPitchesRoute } from "./list_routes.ts";

// Anonymous pages match the shared cache's freshness (15 s fresh, 60 s stale), so a CDN in front
// may hold them as long as the API itself does.
const PUBLIC_CACHE = "public, max-age=15, stale-while-revalidate=60";
const PRIVATE_CACHE = "private, max-age=0";

/** A digest of the page's JSON, computed once per page object (a cached page is one object). */
const pageEtag = oncePerObject((page) => `"${sha256Hex(jsonText(page)).slice(0, 32)}"`);

/**
 * Lists and search (`GET /v1/pitches`). A single pitch (`GET /v1/pitches/{id}`) lives in
 * `crud_router.ts`, the caller's own pitches (`GET /v1/me/pitches`) under `/v1/me`.
 */
export function pitchListRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(listPitchesRoute, async (c) => {
    const shared = c.get("principal") === undefined;
    const page = await listPitches({
      ctx: c.get("deps"),
      input: { ...c.req.valid("query"), shared },
    });
    const headers = {
      etag: pageEtag(page),
      "cache-control": shared ? PUBLIC_CACHE : PRIVATE_CACHE,
      // The body is the same for everyone, but the caching rules follow the credential.
      vary: "Authorization, Cookie",
    };
    return cachedJsonAnswer(page, headers, c.req.valid("header")["if-none-match"]);
  });

  return router;
}
