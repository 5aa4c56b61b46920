import { AppError, type ErrorCode } from "../../ports/errors.ts";

// A provider outage or a rate limit may pass; every other refusal is the same on every retry.
const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set(["upstream", "rate-limited"]);

/**
 * Whether retrying a job that failed with `error` cannot help: an unknown job, a payload that
 * fails its schema, a domain refusal (a 4xx-like `AppError`). Queues stop retrying these at once
 * (QStash is told with a 489). Anything else, an outage or a bug, is left to the retries.
 */
export function isPermanentJobFailure(error: unknown): boolean {
  return error instanceof AppError && !TRANSIENT_CODES.has(error.code);
}

const MAX_ERROR_TEXT = 500;

/**
 * A failure as text safe to store and show an admin. Our own errors (`AppError`s, whose messages
 * are written to be shown, and plain `Error`s thrown by our code) keep their message; anything
 * else keeps only its name, since driver and library messages can quote query parameters.
 */
export function safeErrorText(error: unknown): string {
  let text: string;
  if (error instanceof AppError) text = error.message;
  else if (error instanceof Error) {
    text = Object.getPrototypeOf(error) === Error.prototype ? error.message : error.name;
  } else text = `Non-error thrown: ${typeof error}`;
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT - 3)}...` : text;
}
