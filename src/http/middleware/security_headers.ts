import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../context.ts";

/**
 * Secure defaults for a JSON API: nothing may be framed, sniffed or loaded from a response, and
 * browsers keep to https. Only headers that mean something for an API answer are sent (Hono's
 * `secureHeaders` adds six more aimed at HTML pages, and every header is work on each response of
 * the hot path). A route that renders in a browser (the docs page, the unsubscribe page) sets its
 * own Content-Security-Policy, which is kept.
 */
const HEADERS: ReadonlyArray<readonly [string, string]> = [
  ["cross-origin-resource-policy", "same-site"],
  ["referrer-policy", "no-referrer"],
  ["strict-transport-security", "max-age=63072000; includeSubDomains"],
  ["x-content-type-options", "nosniff"],
  ["x-frame-options", "DENY"],
];
const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of HEADERS) headers.set(name, value);
    if (!headers.has("content-security-policy")) {
      headers.set("content-security-policy", DEFAULT_CSP);
    }
  };
}
