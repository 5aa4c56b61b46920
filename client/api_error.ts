import type { AnyProblem } from "./operation_types.ts";

/**
 * A call answered with an error status. `problem` is the RFC 9457 body the API sends
 * (`application/problem+json`: `type`, `title`, `status`, `detail`, `instance` and any extension
 * members); it is `undefined` when something else answered, e.g. a proxy's HTML error page.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  readonly problem: AnyProblem | undefined;
  readonly headers: Headers;

  constructor(response: Response, problem: AnyProblem | undefined) {
    super(
      problem
        ? `${response.status} ${problem.title}: ${problem.detail}`
        : `${response.status} ${response.statusText || "error"} (no problem+json body)`,
    );
    this.status = response.status;
    this.problem = problem;
    this.headers = response.headers;
  }

  /**
   * The problem type's slug, the last segment of `type` (`.../problems/validation-failed` gives
   * `validation-failed`); the API describes each at `GET /problems/<slug>`.
   */
  get slug(): string | undefined {
    return this.problem?.type.split("/").pop();
  }

  /** The request id (`X-Request-Id`) to quote when reporting the error. */
  get requestId(): string | undefined {
    return this.headers.get("x-request-id") ?? undefined;
  }

  /** Seconds to wait before retrying, from `Retry-After` (429, and 409 for a key in use). */
  get retryAfterSeconds(): number | undefined {
    const value = Number(this.headers.get("retry-after") ?? Number.NaN);
    return Number.isFinite(value) ? value : undefined;
  }
}

/** Whether `error` is an answer of the API (as opposed to a network failure or an abort). */
export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
