import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../context.ts";
import { isDatabaseUnavailable } from "../ports/database_unavailable.ts";
import { AppError, RateLimitedError } from "../ports/errors.ts";
import { problemResponse, type ProblemSlug } from "./problem.ts";
import { RequestValidationError } from "./validation.ts";

const STATUS_SLUGS: Record<number, ProblemSlug> = {
  400: "bad-request",
  401: "unauthorized",
  403: "forbidden",
  404: "not-found",
  405: "method-not-allowed",
  409: "conflict",
  410: "gone",
  412: "precondition-failed",
  413: "payload-too-large",
  415: "unsupported-media-type",
  422: "validation-failed",
  429: "rate-limited",
  503: "upstream",
};

/**
 * The app's single `onError`: every failure becomes a problem document. Only `AppError`s and
 * validation errors show their message; anything unexpected is logged with its stack and answered
 * with a generic 500 that points at the request id.
 */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof RequestValidationError) {
    return problemResponse(c, {
      slug: "validation-failed",
      detail: error.message,
      extensions: { errors: error.errors },
    });
  }
  if (error instanceof AppError) {
    const headers: Record<string, string> = error instanceof RateLimitedError
      ? { ...error.headers, "retry-after": String(error.retryAfterSeconds) }
      : error.headers;
    return problemResponse(c, {
      slug: error.code,
      detail: error.message,
      extensions: error.extensions,
      headers,
    });
  }
  if (error instanceof HTTPException && error.status < 500) {
    const malformed = error.status === 400 && /json/i.test(error.message);
    return problemResponse(c, {
      slug: malformed ? "malformed-json" : STATUS_SLUGS[error.status] ?? "bad-request",
      detail: malformed ? "Request body is not valid JSON" : error.message || "Request refused",
    });
  }
  if (isDatabaseUnavailable(error)) {
    c.get("deps")?.logger.error("Database unavailable", {
      requestId: c.get("requestId"),
      route: c.req.routePath,
      error: error.name,
    });
    return problemResponse(c, {
      slug: "upstream",
      detail: "The database is unavailable; try again shortly",
      headers: { "retry-after": "5" },
    });
  }
  c.get("deps")?.logger.error("Unhandled error", {
    requestId: c.get("requestId"),
    route: c.req.routePath,
    error: error.name,
    stack: error.stack,
  });
  return problemResponse(c, {
    slug: "internal",
    detail: `An unexpected error occurred; quote request id "${
      c.get("requestId")
    }" when reporting it`,
  });
}
