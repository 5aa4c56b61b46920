import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../context.ts";

/**
 * The one table from problem slug to HTTP status and title. Services throw `AppError`s whose `code`
 * is a slug here; the HTTP layer adds its own (validation, 405, 413, 415). The `type` URI of a
 * problem is `<PUBLIC_URL>/problems/<slug>`, which `GET /problems/:slug` describes.
 */
export const PROBLEMS = {
  "bad-request": {
    status: 400,
    title: "Bad request",
    description:
      "The request cannot be understood: a forged or stale cursor, a bad webhook signature, a " +
      "malformed header. Fix the request; retrying it unchanged fails again.",
  },
  "malformed-json": {
    status: 400,
    title: "Malformed JSON body",
    description:
      "The body is not valid JSON. Send a well-formed JSON document with `Content-Type: " +
      "application/json`.",
  },
  "unauthorized": {
    status: 401,
    title: "Authentication required",
    description:
      "No credential was sent where one is required, or the one sent is invalid, expired or " +
      "revoked. Sign in again (a dead session cookie is expired by this answer).",
  },
  "forbidden": {
    status: 403,
    title: "Forbidden",
    description:
      "The caller is known but may not do this: the wrong role, a read-only API key, an " +
      "unverified email, or a cookie-authenticated change from an origin not in `CORS_ORIGINS`.",
  },
  "account-suspended": {
    status: 403,
    title: "Account suspended",
    description:
      "An admin suspended this account: its sessions and API keys are refused and signing in " +
      "is refused. Contact support; retrying does not help.",
  },
  "quota-exceeded": {
    status: 403,
    title: "Quota exceeded",
    description:
      "The plan's quota for `metric` is spent: `limit` allowed, `used` used, `resetsAt` when " +
      "the window resets (null for a standing limit such as published pitches). Upgrade or " +
      "wait.",
  },
  "feature-not-in-plan": {
    status: 403,
    title: "Feature not in plan",
    description: "The caller's `plan` does not include `feature`. Upgrade to use it.",
  },
  "not-found": {
    status: 404,
    title: "Not found",
    description:
      "No such resource, or not one this caller may see (drafts and private pitches are not " +
      "found for others).",
  },
  "method-not-allowed": {
    status: 405,
    title: "Method not allowed",
    description: "The path exists but not with this method; `Allow` lists the methods it takes.",
  },
  "conflict": {
    status: 409,
    title: "Conflict",
    description:
      "The request conflicts with the current state (a taken email, a second boost in the " +
      "window, an export not ready yet). `detail` says which.",
  },
  "gone": {
    status: 410,
    title: "Gone",
    description:
      "The resource existed and never will again, e.g. an expired export file. Request a new " +
      "one.",
  },
  "idempotency-key-in-use": {
    status: 409,
    title: "Idempotency key in use",
    description:
      "A request with this `Idempotency-Key` is still running. Retry the same request after " +
      "`retryAfter` seconds (`Retry-After`) to get its answer.",
  },
  "precondition-failed": {
    status: 412,
    title: "Precondition failed",
    description:
      "`If-Match` does not match the resource's current `ETag`: someone changed it first. Read " +
      "it again and reapply the change.",
  },
  "payload-too-large": {
    status: 413,
    title: "Payload too large",
    description: "The request body is over the 1 MiB limit.",
  },
  "unsupported-media-type": {
    status: 415,
    title: "Unsupported media type",
    description: "A change was sent with a body in anything but JSON. Send `Content-Type: " +
      "application/json`.",
  },
  "validation-failed": {
    status: 422,
    title: "Validation failed",
    description:
      "The request is well-formed but invalid: `errors` names each invalid field, by JSON " +
      "pointer into the body or by parameter name and location.",
  },
  "idempotency-key-reused": {
    status: 422,
    title: "Idempotency key reused",
    description:
      "This `Idempotency-Key` was already used with another request (another body or path). Use" +
      " a new key for a new operation.",
  },
  "rate-limited": {
    status: 429,
    title: "Too many requests",
    description: "Too many requests under one of the policies named in `RateLimit-Policy`. Wait " +
      "`retryAfter` seconds (`Retry-After`).",
  },
  "internal": {
    status: 500,
    title: "Internal server error",
    description:
      "An unexpected error. Nothing internal is shown; quote the request id in `instance` (and " +
      "`X-Request-Id`) when reporting it.",
  },
  "upstream": {
    status: 503,
    title: "Service unavailable",
    description:
      "A dependency (the database, the queue, the payment or mail provider) is unavailable. " +
      "Retry after `Retry-After`.",
  },
  // QStash's code for "do not retry" (with `Upstash-NonRetryable-Error: true`); job routes only.
  "job-refused": {
    status: 489,
    title: "Job refused for good",
    description:
      "A queued job that can never succeed (unknown job, invalid payload, refused by the job). " +
      "Sent to QStash only, with `Upstash-NonRetryable-Error: true`, so it stops retrying.",
  },
} as const satisfies Record<
  string,
  { status: ContentfulStatusCode | 489; title: string; description: string }
>;

export type ProblemSlug = keyof typeof PROBLEMS;

/** Whether `slug` names a problem type; own keys only, so "constructor" or "__proto__" do not. */
export function isProblemSlug(slug: string): slug is ProblemSlug {
  return Object.hasOwn(PROBLEMS, slug);
}

export interface ProblemInput {
  slug: ProblemSlug;
  detail: string;
  /** Extra members, e.g. `errors` for validation or `limit` for quotas. Must be safe to show. */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** The `type` URI of a problem: `GET /problems/<slug>` on this deployment describes it. */
export function problemTypeUri(publicUrl: string, slug: ProblemSlug): string {
  return `${publicUrl}/problems/${slug}`;
}

/** Writes an RFC 9457 `application/problem+json` response. */
export function problemResponse(c: Context<AppEnv>, input: ProblemInput): Response {
  const { status, title } = PROBLEMS[input.slug];
  const requestId = c.get("requestId");
  const publicUrl = c.get("deps")?.settings.publicUrl ?? "";
  const body = {
    type: problemTypeUri(publicUrl, input.slug),
    title,
    status,
    detail: input.detail,
    instance: `urn:pitchey:request:${requestId ?? "unknown"}`,
    ...input.extensions,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...input.headers },
  });
}
