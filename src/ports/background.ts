/**
 * Deno has no `executionCtx.waitUntil`, so work that outlives a response (cache refreshes, in-process
 * jobs) is handed to this tracker. It must never reject: failures are logged by the implementation.
 */
export interface Background {
  /** Starts tracking `task`; a rejection is logged, never thrown. */
  waitUntil(task: Promise<unknown>): void;
  /** Resolves once every task tracked so far (and any they start) has settled. */
  drain(): Promise<void>;
}
