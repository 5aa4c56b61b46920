import { ERROR_RESPONSE_NAMES } from "../schemas/problem_schemas.ts";
import { headerRef, SHARED_HEADERS, type SharedHeaderName } from "./shared_headers.ts";

interface ErrorResponse {
  description: string;
  /** Problem schemas the body may have, most specific first; `Problem` when omitted. */
  schemas?: string[];
  headers?: SharedHeaderName[];
  /** Headers this status always carries (e.g. `Retry-After` on a 429). */
  requiredHeaders?: SharedHeaderName[];
}

/** The shared error responses (`components.responses`), one per status, by what causes them. */
const ERROR_RESPONSES: Record<number, ErrorResponse> = {
  400: { description: "Malformed request: invalid JSON, a forged cursor, a bad signature" },
  401: {
    description: "Missing, invalid, expired or revoked credential",
    headers: ["WWW-Authenticate"],
  },
  403: {
    description: "Not allowed for this caller: role, read-only key, cookie from a foreign " +
      "origin, or the plan's quota or features (`QuotaProblem`, `FeatureProblem`)",
    schemas: ["QuotaProblem", "FeatureProblem", "Problem"],
  },
  404: { description: "Not found, or not visible to this caller" },
  409: {
    description: "Conflicts with the current state",
    schemas: ["RetryProblem", "Problem"],
    headers: ["Retry-After"],
  },
  410: { description: "No longer available, and never will be again" },
  412: { description: "`If-Match` does not match the current `ETag`" },
  413: { description: "Request body over 1 MiB" },
  415: { description: "A body in anything but JSON" },
  422: {
    description: "Validation failed (`ValidationProblem`)",
    schemas: ["ValidationProblem", "Problem"],
  },
  429: {
    description: "Too many requests: wait `Retry-After` seconds",
    schemas: ["RetryProblem"],
    requiredHeaders: ["Retry-After"],
  },
  489: {
    description: "A job that can never succeed (QStash stops retrying it: " +
      "`Upstash-NonRetryable-Error`)",
  },
  500: { description: "Unexpected error; quote the request id" },
  503: {
    description: "A dependency is unavailable; retry after `Retry-After`",
    headers: ["Retry-After"],
  },
};

/** Every shared error response as an OpenAPI response object, keyed by component name. */
export function errorResponseComponents(): Record<string, unknown> {
  const components: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(ERROR_RESPONSES)) {
    const name = ERROR_RESPONSE_NAMES[Number(status)];
    if (!name) throw new RangeError(`Status ${status} has no component name`);
    const schemas = (response.schemas ?? ["Problem"]).map((schema) => ({
      $ref: `#/components/schemas/${schema}`,
    }));
    components[name] = {
      description: response.description,
      headers: errorHeaders(response),
      content: {
        "application/problem+json": {
          schema: schemas.length === 1 ? schemas[0] : { anyOf: schemas },
        },
      },
    };
  }
  return components;
}

function errorHeaders(response: ErrorResponse) {
  const headers: Record<string, unknown> = {
    ...headerRef("X-Request-Id"),
    ...headerRef("RateLimit"),
    ...headerRef("RateLimit-Policy"),
  };
  for (const name of response.headers ?? []) Object.assign(headers, headerRef(name));
  for (const name of response.requiredHeaders ?? []) {
    // A reference cannot change `required`, so a header this status always sends is inline.
    headers[name] = { ...SHARED_HEADERS[name], required: true };
  }
  return headers;
}
