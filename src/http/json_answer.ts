/**
 * Answers for the hot reads, built the way Deno serves cheapest. Deno 2.9 gives a Response made
 * with a string body and more than a content type in its init (or any status but 200) a native
 * copy of its headers at once (`setServeNativeFromHeaders`), and throws that copy away at the
 * first header set later, which the middleware after every handler does (request id, rate limit,
 * security headers, `Server-Timing`). Hono's `c.json`/`c.body` put the headers given with
 * `c.header()` into that init, so a cached pitch paid for the copy on every request: about a fifth
 * of its in-process time (`scripts/bench/hot_path_inproc.ts`). A Response made with the body and
 * its content type alone stays on Deno's plain path, and the other headers are then set on it.
 *
 * A handler that returns one of these does not get headers set with `c.header()` before it (Hono
 * only merges those into responses it builds itself), so middleware sets its headers on `c.res`
 * after `next()`, never on the context before it; the headers of the answer itself are passed
 * here.
 */

import type { TypedResponse } from "hono";
import type { JSONParsed } from "hono/utils/types";
import { ifNoneMatchHit } from "./conditional.ts";
import { jsonText } from "./json_once.ts";

const JSON_INIT: ResponseInit = { headers: { "content-type": "application/json" } };

/** Typed like `c.json(value, 200)`, so a route's answer is still checked against its schema. */
export type JsonAnswer<T> = Response & TypedResponse<JSONParsed<T>, 200, "json">;

/**
 * A 200 answer with `value` as JSON and `headers`. `text` is its JSON when already known (a cached
 * object's text is built once, see `json_once.ts`).
 */
export function jsonAnswer<T extends object>(
  value: T,
  headers: Readonly<Record<string, string>>,
  text: string = JSON.stringify(value),
): JsonAnswer<T> {
  return withHeaders(new Response(text, JSON_INIT), headers) as JsonAnswer<T>;
}

/** A 304 for a conditional read whose validator matched, with the headers the 200 would carry. */
export function notModifiedAnswer(
  headers: Readonly<Record<string, string>>,
): Response & TypedResponse<null, 304, "body"> {
  return withHeaders(new Response(null, { status: 304 }), headers) as
    & Response
    & TypedResponse<null, 304, "body">;
}

/**
 * The answer to a conditional read of a cached object (a pitch, a list page): a 304 when
 * `ifNoneMatch` matches `headers.etag`, else a 200 with the object's JSON text, built once per
 * object (`jsonText`). Both carry `headers`, as RFC 9110 wants of a 304.
 */
export function cachedJsonAnswer<T extends object>(
  value: T,
  headers: Readonly<Record<string, string>> & { etag: string },
  ifNoneMatch: string | undefined,
) {
  return ifNoneMatchHit(ifNoneMatch, headers.etag)
    ? notModifiedAnswer(headers)
    : jsonAnswer(value, headers, jsonText(value));
}

function withHeaders(response: Response, headers: Readonly<Record<string, string>>): Response {
  const list = response.headers;
  for (const name in headers) list.set(name, headers[name]!);
  return response;
}
