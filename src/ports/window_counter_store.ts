/**
 * Units to add to one fixed-window counter: the counter of `key` under policy `policy` for window
 * number `window` (= floor(epoch ms / `windowMs`)). `units` may be 0 to only read it.
 */
export interface WindowCountDelta {
  policy: string;
  key: string;
  windowMs: number;
  window: number;
  units: number;
}

/** A counter's total across all instances after a batch, and the total of the window before it. */
export interface WindowTotals {
  current: number;
  previous: number;
}

/**
 * Fixed-window counters shared by every instance, written in batches by the batched rate limiter.
 * Contract: `add` applies every delta atomically per counter and answers, in order, each counter's
 * totals after the batch, in as few backend calls as it can (one for a normal batch). It throws
 * when the backend fails; the deltas may or may not have been applied then (a retry over-counts,
 * which is stricter, never laxer). `clear` deletes the counters of `key` for `window` and the
 * windows either side of it.
 */
export interface WindowCounterStore {
  readonly name: string;
  add(deltas: readonly WindowCountDelta[]): Promise<WindowTotals[]>;
  clear(policy: string, key: string, windowMs: number, window: number): Promise<void>;
}
