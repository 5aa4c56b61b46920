/**
 * The response headers the API documents once and refers to (`components.headers`). Names match
 * the wire; `required` says whether every response of that kind carries the header.
 */
export const SHARED_HEADERS = {
  "X-Request-Id": {
    description: "The request's id: the client's own when it sent a sane one, else generated. " +
      "On every response and log line; quote it when reporting an error.",
    required: true,
    schema: { type: "string" },
  },
  "RateLimit": {
    description: "Quota left per policy (draft-ietf-httpapi-ratelimit-headers), e.g. " +
      '`"api-ip";r=299;t=42`: `r` requests left, `t` seconds until the window resets. On every ' +
      "rate-limited route when limits are enabled.",
    required: false,
    schema: { type: "string" },
  },
  "RateLimit-Policy": {
    description: 'The policies that apply, e.g. `"api-ip";q=300;w=60`: `q` requests per `w` ' +
      "seconds.",
    required: false,
    schema: { type: "string" },
  },
  "Retry-After": {
    description: "Seconds to wait before retrying.",
    required: false,
    schema: { type: "integer", minimum: 0 },
  },
  "ETag": {
    description: "Strong entity tag of the representation; send it back in `If-None-Match` or " +
      "`If-Match`.",
    required: true,
    schema: { type: "string" },
  },
  "Location": {
    description: "The URL of the resource created, or to poll for the work accepted.",
    required: true,
    schema: { type: "string" },
  },
  "WWW-Authenticate": {
    description: 'The RFC 6750 challenge, e.g. `Bearer error="invalid_token"`.',
    required: false,
    schema: { type: "string" },
  },
} as const;

export type SharedHeaderName = keyof typeof SHARED_HEADERS;

/** `components.headers` key of a shared header (component keys may not contain every character). */
export function headerComponentName(name: SharedHeaderName): string {
  return name.replaceAll("-", "");
}

/** A `headers` entry referring to the shared header `name`. */
export function headerRef(name: SharedHeaderName): Record<string, { $ref: string }> {
  return { [name]: { $ref: `#/components/headers/${headerComponentName(name)}` } };
}
