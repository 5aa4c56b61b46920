/**
 * The settings the HTTP layer and services read at run time. `config/` produces them from the
 * environment and `deps.ts` hands them over; they live here so both sides may import them.
 */

/** The provider's price id for each paid plan and billing interval. */
export interface PriceConfig {
  pro: { month: string; year: string };
  studio: { month: string; year: string };
}

/** The limits an operator sets (`RATE_LIMIT_*`); plan limits come from `plans.ts`. */
export interface RateLimitSettings {
  /** Off only in tests that fire many requests from one address; always on from `loadConfig`. */
  enabled: boolean;
  /** Requests a minute per client address for callers without a credential. */
  anonymousPerMinute: number;
  /** Requests a minute per client address to `POST /v1/auth/*`, on top of the other limit. */
  authPerMinute: number;
  /** Searches (`GET /v1/pitches?q=`) a minute per client address, signed in or not. */
  searchPerMinute: number;
}

/** The operator's defaults (`RATE_LIMIT_*` unset). */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  enabled: true,
  anonymousPerMinute: 300,
  authPerMinute: 20,
  searchPerMinute: 60,
};

/** How long a built export can be downloaded (`EXPORT_TTL_DAYS` unset). */
export const DEFAULT_EXPORT_TTL_DAYS = 7;
/** Notification emails per user and UTC day when `MAIL_DAILY_CAP` is unset. */
export const DEFAULT_MAIL_DAILY_CAP = 20;

/** Settings the HTTP layer and services need at run time (a subset of `Config`, no secrets). */
export interface RuntimeSettings {
  region: string;
  /** "production" never mounts the `/dev` stand-ins (offline checkout, portal, mailbox). */
  environment: "production" | "development";
  publicUrl: string;
  /** The web front end's origin: links in emails point there. */
  appUrl: string;
  corsOrigins: string[];
  /** The payment provider's price id per paid plan and interval. */
  prices: PriceConfig;
  /** Request-rate limits of the API (the plan limits come from the plans). */
  rateLimits: RateLimitSettings;
  /** Days an export file stays downloadable after it is built; then it is gone (410) and purged. */
  exportTtlDays: number;
  /** Notification emails one user gets at most per UTC day (0: none). */
  mailDailyCap: number;
  /** Where per-address limits read the client address (`TRUST_PROXY`); the socket when unset. */
  trustProxy: TrustProxy;
  /** SHA-256 hex of `METRICS_TOKEN` (the token itself stays in `Config`); unset: no `/metrics`. */
  metricsTokenDigest?: string;
  /** What is running, for `GET /health/detailed`. */
  release: Release;
}

/** The build being run: its commit (`COMMIT_SHA`) and Deno Deploy's deployment id, when known. */
export interface Release {
  commit?: string;
  deployment?: string;
}

/**
 * Where the client address of per-address limits comes from (`TRUST_PROXY`): the socket, the
 * `CF-Connecting-IP` header Cloudflare sets, or the `hops`-th `X-Forwarded-For` entry from the
 * right (the one the nearest trusted proxy appended is 1).
 */
export type TrustProxy =
  | { kind: "none" }
  | { kind: "cloudflare" }
  | { kind: "xff"; hops: number };
