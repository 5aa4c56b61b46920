import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../context.ts";
import { problemResponse } from "../problem.ts";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/**
 * Refuses a mutating request that carries a body in anything but JSON with 415. Requests without a
 * body (`POST /v1/pitches/:id/publish`, `DELETE ...`) pass: there is nothing to misread. The exact
 * paths in `formPaths` also take HTML form bodies (their routes read only the query).
 */
export function requireJsonBody(
  options: { formPaths?: readonly string[] } = {},
): MiddlewareHandler<AppEnv> {
  const formPaths = new Set(options.formPaths ?? []);
  return async (c, next) => {
    if (MUTATING.has(c.req.method) && hasBody(c.req.raw)) {
      const type = c.req.header("content-type") ?? "";
      const form = formPaths.has(c.req.path) && FORM_TYPE.test(type);
      if (!JSON_TYPE.test(type) && !form) {
        return problemResponse(c, {
          slug: "unsupported-media-type",
          detail: type
            ? `Content type "${type.split(";")[0]}" is not supported; send application/json`
            : "Request body has no content type; send application/json",
          headers: { "accept-patch": "application/json", "accept-post": "application/json" },
        });
      }
    }
    await next();
  };
}

/**
 * HTTP/1.1 announces a body with Content-Length or Transfer-Encoding; a typed request without either
 * (HTTP/2, in-process calls) is taken to have one too.
 */
function hasBody(request: Request): boolean {
  const length = request.headers.get("content-length");
  if (length !== null) return Number(length) > 0;
  if (request.headers.has("transfer-encoding")) return true;
  return request.headers.has("content-type") && request.body !== null;
}
