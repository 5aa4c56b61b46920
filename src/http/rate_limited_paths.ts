/** Which URLs the API rate limits treat specially; URL knowledge belongs to the HTTP layer. */

/**
 * Paths never limited: operators' probes, the API's own documentation, and callers that are other
 * systems retrying on their own schedule (payment webhooks, queue deliveries). Throttling those
 * would lose events, not slow down a client.
 */
export function isExemptPath(path: string): boolean {
  return path === "/health" || path.startsWith("/health/") ||
    path === "/openapi.json" || path === "/docs" ||
    path.startsWith("/problems/") || path.startsWith("/webhooks/") || path.startsWith("/jobs/");
}

/** Routes that get `authRoutePolicy` on top: every `POST` under `/v1/auth/`. */
export function isAuthRoute(method: string, path: string): boolean {
  return method === "POST" && path.startsWith("/v1/auth/");
}
