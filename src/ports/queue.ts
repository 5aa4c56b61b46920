/** What a queue tells the handler about one delivery of a job. */
export interface DeliveryMeta {
  /** The provider's message id: the same on every delivery of one message. */
  messageId: string;
  /** 1 on the first delivery. */
  attempt: number;
  /** No delivery follows this one if it fails (see `Queue.maxAttempts`). */
  finalAttempt: boolean;
  /**
   * The deduplication id the job was enqueued with (the outbox row id), the same on every delivery
   * and every republish of the job: the idempotency key to hand a provider (an email API).
   */
  deduplicationId?: string;
}

/** A background job as it travels through the queue: a registered name and a JSON payload. */
export interface JobMessage {
  name: string;
  payload: unknown;
}

export interface EnqueueOptions {
  /** Run no earlier than this many seconds from now. */
  delaySeconds?: number;
  /** Two enqueues with the same id within the provider's window deliver once. */
  deduplicationId?: string;
}

/**
 * Hands jobs to whatever runs them (QStash in production, the same process when embedded). Contract:
 * resolves once the job is accepted, not once it ran; delivery is at least once, so handlers must be
 * idempotent. Throws an `UpstreamError` when the provider refuses or cannot be reached.
 */
export interface Queue {
  readonly name: string;
  /**
   * Deliveries a job gets at most, the first included. A handler told it runs on the last one
   * (`JobMeta.finalAttempt`) can settle a failure for good (mark it failed, give back what it
   * cost) instead of leaving it to a retry that will never come.
   */
  readonly maxAttempts: number;
  enqueue(job: JobMessage, options?: EnqueueOptions): Promise<{ id: string }>;
  /**
   * One round trip to the provider for `GET /health/detailed`; throws when it cannot be reached
   * in time. Absent for the in-process queue.
   */
  ping?(): Promise<void>;
}

/**
 * The header a queue delivering over HTTP carries the deduplication id in (QStash forwards
 * `Upstash-Forward-Job-Deduplication-Id` as this), for `DeliveryMeta.deduplicationId`.
 */
export const JOB_DEDUPLICATION_HEADER = "job-deduplication-id";

/** Where, under `PUBLIC_URL`, a provider that delivers over HTTP reports messages it gave up on. */
export const FAILURE_REPORT_PATH = "/jobs/_failed";

/** The provider's report of a message it gave up on, in our words. */
export interface FailureReport {
  /** The message id the failed deliveries carried. */
  messageId: string;
  /** Where the message was delivered: `<PUBLIC_URL>/jobs/<name>`. */
  url: string;
  /** The message body as published (the job payload, as JSON text). */
  body: string;
  /** The HTTP status of the last delivery. */
  status: number;
  /** The last delivery's response body, as text (our problem document). */
  responseBody: string;
  /** Deliveries made, the first included. */
  attempts: number;
}

/**
 * What a queue provider that delivers over HTTP (QStash) sends us. `verify` resolves true only for
 * a valid signature over exactly `body` for `url`. `readFailureReport` reads the body of the
 * provider's failure callback (sent, signed, once a message exhausted its retries) and throws a
 * `BadRequestError` when it is not one.
 */
export interface JobSignatureVerifier {
  verify(input: { signature: string; body: string; url: string }): Promise<boolean>;
  readFailureReport(body: string): FailureReport;
}
