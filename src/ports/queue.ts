/** What a queue tells the handler about one delivery of a job. */
export interface DeliveryMeta {
  /** The provider's message id: the same on every delivery of one message. */
  messageId: string;
  /** 1 on the first delivery. */
  attempt: number;
  /** No delivery follows this one if it fails (see `Queue.maxAttempts`). */
  finalAttempt: boolean;
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
}

/**
 * Checks that a job delivery really comes from the queue provider. Resolves true only for a valid
 * signature over exactly `body` for `url`.
 */
export interface JobSignatureVerifier {
  verify(input: { signature: string; body: string; url: string }): Promise<boolean>;
}
