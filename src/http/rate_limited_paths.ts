/** Which URLs the API rate limits treat specially; URL knowledge belongs to the HTTP layer. */

/**
 * Paths never limited: operators' probes, the API's own documentation, and callers that are other
 * systems retrying on their own schedule (payment webhooks, queue deliveries). Throttling those
 * would lose events, not slow down a client.
 */
export function isExemptPath(path: string): boolean {
  return path === "/health" || path.startsWith("/health/") ||
    path === "/openapi.json" || path === "/docs" || path.startsWith("/docs/assets/") ||
    path.startsWith("/problems/") || path.startsWith("/webhooks/") || path.startsWith("/jobs/");
}

/**
 * Requests that get `searchPolicy` on top: a `GET` (or `HEAD`) of the pitch list with a `q`
 * parameter, valid or not (the budget is checked before validation, and an invalid one costs
 * little but must not be free to probe with). `hasQuery` is only asked once the path matches, so
 * other requests never parse their query string here.
 */
export function isSearchRequest(method: string, path: string, hasQuery: () => boolean): boolean {
  return (method === "GET" || method === "HEAD") &&
    (path === "/v1/pitches" || path === "/v1/pitches/") && hasQuery();
}

/** Routes that get `authRoutePolicy` on top: every `POST` under `/v1/auth/`. */
export function isAuthRoute(method: string, path: string): boolean {
  return method === "POST" && path.startsWith("/v1/auth/");
}
