import { isExemptPath } from "../rate_limited_paths.ts";

const MUTATING = new Set(["post", "put", "patch", "delete"]);

/** What `operationErrors` needs to know about one documented operation. */
export interface OperationShape {
  method: string;
  /** The concrete path prefix matters only for the rate-limit exemptions, e.g. `/jobs/{name}`. */
  path: string;
  hasJsonBody: boolean;
  hasParameters: boolean;
}

/**
 * The error statuses an operation can answer because of the global middleware and error handler
 * in `app.ts`, whatever its handler does. Each line names the code that causes it:
 * - 401: `authenticate` refuses an invalid, expired or revoked credential on every route;
 * - 403: `authenticate` refuses any change by a read-only key or a cookie from a foreign origin;
 * - 413, 415: `bodySizeLimit` and `requireJsonBody` look at the body of every change;
 * - 400: a JSON body that does not parse (`malformed-json`);
 * - 422: the validation hook, for any operation with a body or parameters;
 * - 429: `apiRateLimit`, except on the paths `isExemptPath` names;
 * - 500: `handleError` for anything unexpected; 503 when the database is unreachable (any route
 *   that resolves a credential or reads data can meet it).
 */
export function operationErrors(operation: OperationShape): number[] {
  const statuses = [401, 500, 503];
  const mutating = MUTATING.has(operation.method);
  if (mutating) statuses.push(403, 413, 415);
  if (operation.hasJsonBody) statuses.push(400);
  if (operation.hasJsonBody || operation.hasParameters) statuses.push(422);
  if (!isExemptPath(concretePrefix(operation.path))) statuses.push(429);
  return statuses.sort((a, b) => a - b);
}

// `isExemptPath` matches concrete paths by prefix; a template's first segments are literal.
function concretePrefix(template: string): string {
  return template.replace(/\{[^}]+\}/g, "x");
}
