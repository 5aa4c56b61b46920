import { z } from "@hono/zod-openapi";

/** RFC 9457 problem document, for the OpenAPI error responses. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string(),
}).catchall(z.unknown()).openapi("Problem");

type ProblemResponse = {
  description: string;
  content: { "application/problem+json": { schema: typeof ProblemSchema } };
};

const DESCRIPTIONS: Record<number, string> = {
  400: "Malformed request",
  401: "Missing or invalid credential",
  403: "Not allowed for this caller",
  404: "Not found",
  409: "Conflicts with existing state",
  410: "No longer available, and never will be again",
  412: "Precondition failed",
  422: "Validation failed",
  429: "Too many requests",
  489: "A job that can never succeed (QStash stops retrying it: `Upstash-NonRetryable-Error`)",
  502: "An upstream service answered with an error",
  503: "A dependency is unavailable; retry after `Retry-After`",
};

/** Error responses of an operation, keyed by status, for `createRoute({ responses })`. */
export function problemResponses<S extends number>(...statuses: S[]): Record<S, ProblemResponse> {
  const entries = statuses.map((status) => [status, {
    description: DESCRIPTIONS[status] ?? "Error",
    content: { "application/problem+json": { schema: ProblemSchema } },
  }]);
  return Object.fromEntries(entries) as unknown as Record<S, ProblemResponse>;
}
