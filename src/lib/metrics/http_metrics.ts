import { httpDuration, httpRequests } from "./app_metrics.ts";

/** The route label of a request no route matched: raw paths would make the label unbounded. */
export const UNMATCHED_ROUTE = "unmatched";

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"];
// Status codes as label strings, made once each instead of on every request.
const statusLabels: string[] = [];

/**
 * Counts one answered request and its latency. `route` must be a route template (`/v1/pitches/:id`)
 * or `UNMATCHED_ROUTE`; a method outside the standard ones is counted as `OTHER`, since clients
 * choose it freely.
 */
export function recordHttpRequest(
  method: string,
  route: string,
  status: number,
  seconds: number,
): void {
  const methodLabel = KNOWN_METHODS.has(method) ? method : "OTHER";
  httpRequests.at(methodLabel, route, statusLabels[status] ??= String(status)).inc();
  const statusClass = STATUS_CLASSES[Math.floor(status / 100) - 1] ?? "5xx";
  httpDuration.at(methodLabel, route, statusClass).observe(seconds);
}
