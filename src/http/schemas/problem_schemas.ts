import { z } from "@hono/zod-openapi";
import { QUOTA_METRICS } from "../../services/billing/plans.ts";
import type { ProblemSlug } from "../problem.ts";

/**
 * The problem documents the API writes, as OpenAPI schemas. Each names the slugs whose documents
 * have its shape; `finishDocument` turns those into the `type` enum (`<PUBLIC_URL>/problems/<slug>`),
 * which needs the deployment's URL. `Problem` itself lists every slug.
 */
const problemFields = {
  type: z.string().describe("`<server>/problems/<slug>`; `GET` it for a description"),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().describe("`urn:pitchey:request:<request id>`"),
};

export const ProblemSchema = z.object(problemFields).openapi("Problem", {
  description: "RFC 9457 problem document",
});

const FieldErrorSchema = z.union([
  z.object({
    pointer: z.string().describe("JSON pointer into the request body, e.g. `/title`"),
    detail: z.string(),
  }).openapi("BodyFieldError"),
  z.object({
    parameter: z.string().describe("The parameter's name, e.g. `limit`"),
    in: z.enum(["query", "path", "header", "cookie"]),
    detail: z.string(),
  }).openapi("ParameterError"),
]);

export const ValidationProblemSchema = z.object({
  ...problemFields,
  errors: z.array(FieldErrorSchema).describe("Every invalid field, with what is wrong with it"),
}).openapi("ValidationProblem", { description: "A `422` naming each invalid field" });

// `published-pitches` is a plan's standing limit (no reset); the others are metered windows.
const QUOTA_METRIC_NAMES = ["published-pitches", ...Object.keys(QUOTA_METRICS)] as [
  string,
  ...string[],
];

export const QuotaProblemSchema = z.object({
  ...problemFields,
  metric: z.enum(QUOTA_METRIC_NAMES),
  limit: z.number().int().describe("What the plan allows"),
  used: z.number().int().describe("What was used in the current window"),
  resetsAt: z.string().datetime().nullable()
    .describe("When the window resets; null for a standing limit"),
}).openapi("QuotaProblem", { description: "A `403`: the plan's quota for `metric` is spent" });

export const FeatureProblemSchema = z.object({
  ...problemFields,
  feature: z.string().describe("The feature the plan lacks"),
  plan: z.string().describe("The caller's plan"),
}).openapi("FeatureProblem", { description: "A `403`: the caller's plan lacks `feature`" });

export const RetryProblemSchema = z.object({
  ...problemFields,
  retryAfter: z.number().int().describe("Seconds to wait; the same as `Retry-After`"),
}).openapi("RetryProblem", { description: "Refused for now: retry after `retryAfter` seconds" });

/** Which slugs each problem schema carries, for the `type` enums (see `finishDocument`). */
export const PROBLEM_SCHEMA_SLUGS: Record<string, readonly ProblemSlug[] | "all"> = {
  Problem: "all",
  ValidationProblem: ["validation-failed"],
  QuotaProblem: ["quota-exceeded"],
  FeatureProblem: ["feature-not-in-plan"],
  RetryProblem: ["rate-limited", "idempotency-key-in-use"],
};

/** A reference to a shared error response; `description` tells what it means here. */
export interface ProblemResponseRef {
  $ref: string;
  description?: string;
}

/** Error responses of an operation, keyed by status, for `createRoute({ responses })`. */
export function problemResponses<S extends number>(
  ...statuses: S[]
): Record<S, ProblemResponseRef> {
  return Object.fromEntries(statuses.map((status) => [status, problemRef(status)])) as Record<
    S,
    ProblemResponseRef
  >;
}

/** One shared error response by status (`components.responses`), optionally re-described. */
export function problemRef(status: number, description?: string): ProblemResponseRef {
  const name = ERROR_RESPONSE_NAMES[status];
  if (!name) throw new RangeError(`No shared error response for status ${status}`);
  const ref = { $ref: `#/components/responses/${name}` };
  return description === undefined ? ref : { ...ref, description };
}

/** The `components.responses` name of each error status (defined in `error_responses.ts`). */
export const ERROR_RESPONSE_NAMES: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  410: "Gone",
  412: "PreconditionFailed",
  413: "PayloadTooLarge",
  415: "UnsupportedMediaType",
  422: "ValidationFailed",
  429: "TooManyRequests",
  489: "JobRefused",
  500: "InternalError",
  503: "ServiceUnavailable",
};
