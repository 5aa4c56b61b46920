/**
 * Per-user bounds on what an account can pile up, so one account (or a script behind it) cannot
 * grow tables and the pages built from them without limit. Generous for people, tight for bots.
 * They are abuse bounds, not quotas: concurrent requests may overshoot one by a few.
 */
export const ACCOUNT_CAPS = {
  /** Unpublished pitches per owner; publish or delete one to start another. */
  drafts: 100,
  /** Live sessions per user; a new sign-in beyond it ends the least recently created one. */
  sessions: 50,
  /** Users one user may follow. */
  following: 5_000,
} as const;
