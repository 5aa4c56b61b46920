import type { PriceConfig, RateLimitSettings, Release, TrustProxy } from "../lib/settings.ts";

/**
 * The validated configuration. Every adapter choice is a discriminated union so `deps.ts` can switch
 * on it exhaustively.
 */

export type DatabaseConfig =
  | { driver: "pglite"; dataDir: string }
  | { driver: "tcp"; url: string; poolMax: number; readUrl?: string }
  | { driver: "neon"; url: string; poolMax: number; wsProxy?: string; readUrl?: string };

export type CacheConfig =
  | { kind: "memory"; maxEntries: number; maxBytes?: number }
  | {
    kind: "upstash";
    url: string;
    token: string;
    timeoutMs: number;
    maxEntries: number;
    /** Byte bound of the memory tier; `CACHE_MEMORY_MAX_BYTES` (tests may leave the default). */
    maxBytes?: number;
    /** Prepended to every Redis key so environments can share one database. */
    keyPrefix: string;
  };

export type QueueConfig =
  | { kind: "memory" }
  | {
    kind: "qstash";
    url?: string;
    token: string;
    currentSigningKey: string;
    nextSigningKey: string;
  };

export type PaymentsConfig =
  | { kind: "memory" }
  | {
    kind: "stripe";
    secretKey: string;
    webhookSecret: string;
    /** Set only to reach a local mock or test fake instead of api.stripe.com. */
    apiBase?: string;
  };

export type MailerConfig =
  | { kind: "dev" }
  | {
    kind: "resend";
    apiKey: string;
    from: string;
    /** Set only to reach a local stand-in or test fake instead of api.resend.com. */
    apiBase?: string;
  };

/** Timings of the resilience machinery; the defaults suit production, tests shorten them. */
export interface TuningConfig {
  /** Consecutive Redis failures that open the cache tier's circuit. */
  cacheBreakerFailures: number;
  /** How long an open circuit skips Redis before trying it again. */
  cacheBreakerCooldownMs: number;
  /** How often an instance that serves reads polls the cross-instance invalidation log. */
  invalidationPollMs: number;
  /** The in-process queue's first retry delay; each later retry waits four times longer. */
  jobRetryBaseMs: number;
  /** How often an instance writes the request-rate units it decided locally to Redis. */
  rateLimitFlushMs: number;
  /** Instances one client's requests may be spread over; sizes each instance's local allowance. */
  rateLimitInstances: number;
  /** The overshoot a client spread over `rateLimitInstances` may reach, in percent of a limit. */
  rateLimitOvershootPercent: number;
}

export const DEFAULT_TUNING: TuningConfig = {
  // During a Redis outage requests skip it instead of each waiting out a timeout.
  cacheBreakerFailures: 5,
  cacheBreakerCooldownMs: 10_000,
  // About one Redis call per second per instance, and only while it serves reads.
  invalidationPollMs: 1_000,
  jobRetryBaseMs: 1_000,
  // Two regions, and room for a second isolate in each, before the overshoot bound is exceeded.
  rateLimitFlushMs: 500,
  rateLimitInstances: 4,
  rateLimitOvershootPercent: 10,
};

/** The Deno Deploy timeline kind; "none" off Deploy. */
export type TimelineKind = "production" | "branch" | "preview" | "none";

export interface EnvironmentConfig {
  /** "production" refuses embedded and offline stand-ins and never mounts `/dev`. */
  mode: "production" | "development";
  /** "deno-deploy" when Deno Deploy runs us (`DENO_DEPLOY` is set). */
  platform: "deno-deploy" | "self-hosted";
  /** `DENO_TIMELINE` on Deno Deploy. */
  timeline: string | undefined;
  timelineKind: TimelineKind;
}

export interface Config {
  port: number;
  publicUrl: string;
  /** The web front end's origin: links in emails point there. */
  appUrl: string;
  corsOrigins: string[];
  passwordIterations: number;
  logLevel: "debug" | "info" | "warn" | "error";
  region: string;
  /** "deno-deploy" when Deno Deploy runs us (`environment.platform`). */
  platform: "deno-deploy" | "self-hosted";
  environment: EnvironmentConfig;
  database: DatabaseConfig;
  cache: CacheConfig;
  queue: QueueConfig;
  mailer: MailerConfig;
  /** Signs unsubscribe links; undefined selects a random key per process (embedded default). */
  appSecret: string | undefined;
  /** Notification emails per user and UTC day. */
  mailDailyCap: number;
  /** Who fires the schedule list: this process, or nobody here (QStash schedules do). */
  scheduler: "in-process" | "off";
  payments: PaymentsConfig;
  prices: PriceConfig;
  rateLimits: RateLimitSettings;
  /** Days a built export file stays downloadable. */
  exportTtlDays: number;
  /** Where per-address limits read the client address (`TRUST_PROXY`). */
  trustProxy: TrustProxy;
  tuning: TuningConfig;
  /** Bearer token of `GET /metrics`; undefined: the route does not exist. */
  metricsToken: string | undefined;
  /** What is running: `COMMIT_SHA`, and `DENO_DEPLOYMENT_ID` on Deno Deploy. */
  release: Release;
}
