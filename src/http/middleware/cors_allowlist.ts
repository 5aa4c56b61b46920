import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../../context.ts";

/**
 * CORS for the origins in `CORS_ORIGINS` only. Other origins get no `Access-Control-Allow-Origin`
 * header, so browsers block them; credentials are allowed because the web app uses a session cookie.
 */
export function corsAllowlist(origins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(origins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowHeaders: [
      "Authorization",
      "Content-Type",
      "If-Match",
      "If-None-Match",
      "Idempotency-Key",
      "X-Request-Id",
    ],
    exposeHeaders: [
      "ETag",
      "Retry-After",
      "RateLimit",
      "RateLimit-Policy",
      "Server-Timing",
      "X-Region",
      "X-Request-Id",
    ],
    maxAge: 600,
  }) as MiddlewareHandler<AppEnv>;
}
