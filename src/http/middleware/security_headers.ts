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

/**
 * Adds the security headers to a final response's headers. A plain function, applied by the
 * outermost middleware (`requestContext`) with the other headers every answer carries: a
 * middleware of its own costs a layer of Hono's chain on every request.
 */
export function addSecurityHeaders(headers: Headers): void {
  for (const [name, value] of HEADERS) headers.set(name, value);
  if (!headers.has("content-security-policy")) {
    headers.set("content-security-policy", DEFAULT_CSP);
  }
}
