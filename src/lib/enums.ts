/**
 * The domain's closed sets of values. The database schema stores them and the HTTP schemas accept
 * them, so they live here where both may import them, not in the table files.
 */

export const USER_ROLES = ["creator", "investor", "admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const API_KEY_SCOPES = ["read", "write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const ONE_TIME_TOKEN_PURPOSES = ["verify-email", "password-reset"] as const;
export type OneTimeTokenPurpose = (typeof ONE_TIME_TOKEN_PURPOSES)[number];

export const GENRES = [
  "drama",
  "comedy",
  "thriller",
  "horror",
  "sci-fi",
  "fantasy",
  "documentary",
  "animation",
  "action",
  "romance",
  "other",
] as const;
export const FORMATS = ["feature", "series", "short", "podcast", "other"] as const;
export const BUDGET_RANGES = ["under-100k", "100k-1m", "1m-10m", "10m-50m", "over-50m"] as const;
export const VISIBILITIES = ["public", "unlisted", "private"] as const;
export const PITCH_STATUSES = ["draft", "published", "archived"] as const;

export type Genre = (typeof GENRES)[number];
export type Format = (typeof FORMATS)[number];
export type BudgetRange = (typeof BUDGET_RANGES)[number];
export type Visibility = (typeof VISIBILITIES)[number];
export type PitchStatus = (typeof PITCH_STATUSES)[number];

export const EXPORT_KINDS = ["pitch-performance", "account-data"] as const;
export const EXPORT_STATUSES = ["queued", "ready", "failed"] as const;
export const EXPORT_FORMATS = ["csv", "json"] as const;

export type ExportKind = (typeof EXPORT_KINDS)[number];
export type ExportStatus = (typeof EXPORT_STATUSES)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The formats each kind can be written in, its default first. The account data has nested lists
 * that a flat CSV cannot hold, so it is JSON only.
 */
export const EXPORT_KIND_FORMATS: Readonly<Record<ExportKind, readonly ExportFormat[]>> = {
  "pitch-performance": ["csv", "json"],
  "account-data": ["json"],
};

/** A dead-lettered job: waiting for an admin, retried through the outbox, or discarded. */
export const FAILED_JOB_STATUSES = ["pending", "retried", "discarded"] as const;
export type FailedJobStatus = (typeof FAILED_JOB_STATUSES)[number];
