/** What `poll` returns: the keys to drop, or `reset` when they can no longer be listed. */
export type InvalidationPoll =
  | { cursor: number; keys: string[] }
  | { cursor: number; reset: true };

/**
 * Carries cache invalidations between instances that each keep a memory tier in front of a shared
 * one, so a `remove` or `set` on one instance reaches the others' memory within a poll interval.
 *
 * Contract:
 * - `publish(keys)` announces full cache keys (`<namespace>:<key>`) that this instance removed or
 *   overwrote, after its own tiers were updated.
 * - `poll(cursor)` returns the keys published by OTHER instances since `cursor`, with the cursor to
 *   pass next time. `undefined` starts from now: no keys, only a cursor. `{ reset: true }` means the
 *   caller is too far behind (or the log was lost) to replay what it missed: it must drop its whole
 *   memory tier, then continue from the returned cursor.
 * - Both throw when the backend cannot answer (down, timeout); a failed poll leaves the caller's
 *   cursor valid for the next attempt.
 */
export interface InvalidationChannel {
  publish(keys: string[]): Promise<void>;
  poll(cursor: number | undefined): Promise<InvalidationPoll>;
}
