import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../context.ts";

/**
 * The one table from problem slug to HTTP status and title. Services throw `AppError`s whose `code`
 * is a slug here; the HTTP layer adds its own (validation, 405, 413, 415). The `type` URI of a
 * problem is `<PUBLIC_URL>/problems/<slug>`, which `GET /problems/:slug` describes.
 */
export const PROBLEMS = {
  "bad-request": { status: 400, title: "Bad request" },
  "malformed-json": { status: 400, title: "Malformed JSON body" },
  "unauthorized": { status: 401, title: "Authentication required" },
  "forbidden": { status: 403, title: "Forbidden" },
  "account-suspended": { status: 403, title: "Account suspended" },
  "quota-exceeded": { status: 403, title: "Quota exceeded" },
  "feature-not-in-plan": { status: 403, title: "Feature not in plan" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "conflict": { status: 409, title: "Conflict" },
  "gone": { status: 410, title: "Gone" },
  "idempotency-key-in-use": { status: 409, title: "Idempotency key in use" },
  "precondition-failed": { status: 412, title: "Precondition failed" },
  "payload-too-large": { status: 413, title: "Payload too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "validation-failed": { status: 422, title: "Validation failed" },
  "idempotency-key-reused": { status: 422, title: "Idempotency key reused" },
  "rate-limited": { status: 429, title: "Too many requests" },
  "internal": { status: 500, title: "Internal server error" },
  "upstream": { status: 503, title: "Service unavailable" },
  // QStash's code for "do not retry" (with `Upstash-NonRetryable-Error: true`); job routes only.
  "job-refused": { status: 489, title: "Job refused for good" },
} as const satisfies Record<string, { status: ContentfulStatusCode | 489; title: string }>;

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

/** Writes an RFC 9457 `application/problem+json` response. */
export function problemResponse(c: Context<AppEnv>, input: ProblemInput): Response {
  const { status, title } = PROBLEMS[input.slug];
  const requestId = c.get("requestId");
  const publicUrl = c.get("deps")?.settings.publicUrl ?? "";
  const body = {
    type: `${publicUrl}/problems/${input.slug}`,
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
