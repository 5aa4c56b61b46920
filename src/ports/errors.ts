/**
 * The one error hierarchy, thrown by services and by adapters (a provider that refuses is an
 * `UpstreamError`, a bad webhook signature a `WebhookSignatureError`), so it lives with the ports.
 * Each carries a stable `code`; `src/http/problem.ts` maps codes to HTTP statuses in one table.
 * Messages follow the house style: sentence case, no trailing period, quoted values, and they name
 * what failed. They are shown to clients, so never put secrets or internal details in them.
 */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra members for the problem document (limits, retry times); must be safe to show. */
  readonly extensions: Record<string, unknown>;
  /** Response headers the error calls for (`WWW-Authenticate`, `Retry-After`). */
  readonly headers: Record<string, string> = {};

  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.extensions = extensions;
  }
}

export type ErrorCode =
  | "not-found"
  | "conflict"
  | "gone"
  | "forbidden"
  | "unauthorized"
  | "account-suspended"
  | "quota-exceeded"
  | "feature-not-in-plan"
  | "rate-limited"
  | "precondition-failed"
  | "bad-request"
  | "upstream"
  | "job-refused"
  | "idempotency-key-reused"
  | "idempotency-key-in-use";

export class NotFoundError extends AppError {
  readonly code = "not-found";
}
export class ConflictError extends AppError {
  readonly code = "conflict";
}
/** Something that existed and never will again (an expired export file): 410. */
export class GoneError extends AppError {
  readonly code = "gone";
}
export class ForbiddenError extends AppError {
  readonly code = "forbidden";
}
export class UnauthorizedError extends AppError {
  readonly code = "unauthorized";
  /** The RFC 6750 challenge sent with the 401. */
  constructor(message: string, challenge = "Bearer") {
    super(message);
    this.headers["www-authenticate"] = challenge;
  }
}
/** A correct password for an account an administrator has suspended: 403, never a session. */
export class AccountSuspendedError extends AppError {
  readonly code = "account-suspended";
}
export class QuotaExceededError extends AppError {
  readonly code = "quota-exceeded";
}
export class FeatureNotInPlanError extends AppError {
  readonly code = "feature-not-in-plan";
}
export class RateLimitedError extends AppError {
  readonly code = "rate-limited";
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message, { retryAfter: retryAfterSeconds });
  }
}
export class PreconditionFailedError extends AppError {
  readonly code = "precondition-failed";
}
export class BadRequestError extends AppError {
  readonly code = "bad-request";
}
/** A provider (queue, payments) refused or could not be reached: a 503 the client may retry. */
export class UpstreamError extends AppError {
  readonly code = "upstream";
  override readonly headers: Record<string, string> = { "retry-after": "5" };
}
/**
 * A job delivery that can never succeed (unknown job, invalid payload, a domain refusal): a 489
 * with `Upstash-NonRetryable-Error: true`, so QStash stops retrying and reports it as failed.
 */
export class JobRefusedError extends AppError {
  readonly code = "job-refused";
  override readonly headers: Record<string, string> = { "upstash-nonretryable-error": "true" };
}
/** An `Idempotency-Key` sent again with a different request (another body or path): a 422. */
export class IdempotencyKeyReusedError extends AppError {
  readonly code = "idempotency-key-reused";
}
/** The first request with this `Idempotency-Key` is still running: a 409 to retry shortly. */
export class IdempotencyKeyInUseError extends AppError {
  readonly code = "idempotency-key-in-use";
  override readonly headers: Record<string, string>;
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message, { retryAfter: retryAfterSeconds });
    this.headers = { "retry-after": String(retryAfterSeconds) };
  }
}
/** A webhook or job body whose signature does not verify. */
export class WebhookSignatureError extends BadRequestError {}
/**
 * The mail provider refused a message for good (an invalid address or field): unlike an
 * `UpstreamError`, retrying the same message cannot succeed, so a job should not be retried.
 */
export class EmailRejectedError extends BadRequestError {}
