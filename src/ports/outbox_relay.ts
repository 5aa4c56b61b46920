/**
 * Publishes committed outbox rows to the queue. Contract: `kick` asks for a relay pass soon and
 * returns at once; it never throws and never waits for the publish (a refused publish is retried
 * with backoff, and the periodic sweep catches anything left). A kick with nothing pending is
 * cheap, so callers kick whenever they may have added rows. `close` stops scheduled retries and
 * waits for a pass in flight; kicks after it are ignored (the rows stay pending for the next
 * start).
 */
export interface OutboxRelay {
  kick(): void;
  close(): Promise<void>;
}

/** How one relay pass went: what it claimed, published and failed to publish. */
export interface RelayPassResult {
  claimed: number;
  published: number;
  failed: number;
  /** More rows may be waiting: the pass stopped at its batch size. */
  more: boolean;
  /** When a publish was refused, how long until the soonest of those rows may be tried again. */
  retryAfterMs?: number;
}
