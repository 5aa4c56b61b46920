import { z } from "zod";
import {
  DEFAULT_EXPORT_TTL_DAYS,
  DEFAULT_MAIL_DAILY_CAP,
  DEFAULT_RATE_LIMITS,
} from "../lib/settings.ts";
import { DEFAULT_TUNING } from "./types.ts";

const emptyToUndefined = (value: unknown) => value === "" ? undefined : value;
const optionalString = z.preprocess(emptyToUndefined, z.string().min(1).optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url().optional());

/** Every variable the service reads, with its default. Unknown variables are ignored. */
export const envSchema = z.object({
  /** The `.env` file read at startup when present (`withDotEnv`); `none` reads none. */
  ENV_FILE: optionalString,
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(8000)),
  PUBLIC_URL: optionalUrl,
  APP_URL: optionalUrl,
  PASSWORD_PBKDF2_ITERATIONS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(100_000).max(10_000_000).default(600_000),
  ),
  CORS_ORIGINS: z.preprocess(emptyToUndefined, z.string().default("")),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(["debug", "info", "warn", "error"]).default("info"),
  ),
  // --- deploy (issue 12) ---
  /** `production` refuses every embedded or offline stand-in (see `environment.ts`). */
  APP_ENV: z.preprocess(
    emptyToUndefined,
    z.enum(["development", "production"]).default("development"),
  ),
  /** Set by Deno Deploy (`true`). */
  DENO_DEPLOY: optionalString,
  /**
   * Where the client address of per-address limits comes from: `none` (the socket), `cloudflare`
   * (`CF-Connecting-IP`) or `xff:N` (the Nth `X-Forwarded-For` entry from the right).
   */
  TRUST_PROXY: z.preprocess(
    emptyToUndefined,
    z.string().regex(
      /^(none|cloudflare|xff:[1-9]\d{0,1})$/,
      'expected "none", "cloudflare" or "xff:N" with N from 1 to 99',
    ).default("none"),
  ),
  /** A read replica (Neon read replica) for read-only queries; same driver as DATABASE_URL. */
  DATABASE_READ_URL: optionalString,
  /** Set by Deno Deploy; used to refuse the embedded database where it cannot work. */
  DENO_DEPLOYMENT_ID: optionalString,
  /** Set by Deno Deploy: `production`, `git-branch/<branch>` or `preview/<revision>`. */
  DENO_TIMELINE: optionalString,
  /** The serving region for `X-Region` and logs: the new Deno Deploy exposes none. */
  REGION: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional()),
  /** The production database's URL, set where it must NOT be used (branch and preview contexts). */
  PRODUCTION_DATABASE_URL: optionalString,
  DATABASE_URL: optionalString,
  DATABASE_DRIVER: z.preprocess(
    emptyToUndefined,
    z.enum(["auto", "pglite", "tcp", "neon"]).default("auto"),
  ),
  DATABASE_POOL_MAX: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1).max(100).default(10),
  ),
  NEON_WS_PROXY: optionalString,
  PGLITE_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default(".data/pglite")),
  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  CACHE_TIMEOUT_MS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(10).max(5000).default(250),
  ),
  CACHE_KEY_PREFIX: z.preprocess(emptyToUndefined, z.string().max(64).default("pitchey:")),
  CACHE_MEMORY_MAX_ENTRIES: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(100).max(5_000_000).default(100_000),
  ),
  /** Estimated bytes the memory tier may hold (keys and values); 1 MiB to 4 GiB. */
  CACHE_MEMORY_MAX_BYTES: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1024 * 1024).max(4 * 1024 ** 3).default(96 * 1024 * 1024),
  ),
  CACHE_BREAKER_FAILURES: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1).max(1000).default(DEFAULT_TUNING.cacheBreakerFailures),
  ),
  CACHE_BREAKER_COOLDOWN_MS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(100).max(600_000).default(DEFAULT_TUNING.cacheBreakerCooldownMs),
  ),
  CACHE_INVALIDATION_POLL_MS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(100).max(60_000).default(DEFAULT_TUNING.invalidationPollMs),
  ),
  /** First retry delay of the in-process queue (QStash sets its own). */
  JOB_RETRY_BASE_MS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1).max(600_000).default(DEFAULT_TUNING.jobRetryBaseMs),
  ),
  /** How often an instance writes its locally decided request-rate units to Redis. */
  RATE_LIMIT_LOCAL_FLUSH_MS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(50).max(10_000).default(DEFAULT_TUNING.rateLimitFlushMs),
  ),
  /** Instances one client may be spread over: sizes the local allowance (see the README). */
  RATE_LIMIT_LOCAL_INSTANCES: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1).max(1000).default(DEFAULT_TUNING.rateLimitInstances),
  ),
  /** Overshoot allowed over a local policy's limit, in percent; 0 decides every policy exactly. */
  RATE_LIMIT_LOCAL_OVERSHOOT_PERCENT: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(0).max(10).default(DEFAULT_TUNING.rateLimitOvershootPercent),
  ),
  /** Requests a minute per client address for callers without a credential. */
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_RATE_LIMITS.anonymousPerMinute),
  ),
  /** Requests a minute per client address to `POST /v1/auth/*`, on top of the limit above. */
  RATE_LIMIT_AUTH_PER_MINUTE: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_RATE_LIMITS.authPerMinute),
  ),
  /** Days a built export file can be downloaded before it expires and is purged. */
  EXPORT_TTL_DAYS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1).max(365).default(DEFAULT_EXPORT_TTL_DAYS),
  ),
  /** Searches (`GET /v1/pitches?q=`) a minute per client address, on top of the limits above. */
  RATE_LIMIT_SEARCH_PER_MINUTE: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_RATE_LIMITS.searchPerMinute),
  ),
  /**
   * "auto": run the schedule list in process when jobs do (no QStash); with QStash, its schedules
   * (`deno task schedules:sync`) run it instead. "off": never in process.
   */
  SCHEDULER: z.preprocess(emptyToUndefined, z.enum(["auto", "off"]).default("auto")),
  QSTASH_URL: optionalUrl,
  QSTASH_TOKEN: optionalString,
  QSTASH_CURRENT_SIGNING_KEY: optionalString,
  QSTASH_NEXT_SIGNING_KEY: optionalString,
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  /** The Stripe API's address; only tests and local mocks change it. */
  STRIPE_API_BASE: optionalUrl,
  STRIPE_PRICE_PRO_MONTH: optionalString,
  STRIPE_PRICE_PRO_YEAR: optionalString,
  STRIPE_PRICE_STUDIO_MONTH: optionalString,
  STRIPE_PRICE_STUDIO_YEAR: optionalString,
  // --- email (issue 10) ---
  /** `dev` keeps mail in memory (`GET /dev/mail`); `resend` sends it through Resend's API. */
  MAIL_PROVIDER: z.preprocess(emptyToUndefined, z.enum(["dev", "resend"]).default("dev")),
  RESEND_API_KEY: optionalString,
  /** The sender: `Pitchey <hello@pitchey.example>` or a bare address. */
  MAIL_FROM: optionalString,
  /** Resend's API address; only tests and local stand-ins change it. */
  RESEND_API_BASE: optionalUrl,
  /** Signs unsubscribe links. Unset: a random key per process (links die with the process). */
  APP_SECRET: z.preprocess(emptyToUndefined, z.string().min(32).optional()),
  /** Notification emails (not security or billing mail) one user gets at most per UTC day. */
  MAIL_DAILY_CAP: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(0).max(10_000).default(DEFAULT_MAIL_DAILY_CAP),
  ),
  // --- metrics (issue 13) ---
  /** Bearer token of `GET /metrics` (Prometheus text). Unset: the route answers 404. */
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16).max(256).optional()),
  /** The commit being run, for `GET /health/detailed` (CI or the deploy script sets it). */
  COMMIT_SHA: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^[0-9a-f]{7,40}$/, "expected 7 to 40 lowercase hex digits").optional(),
  ),
});

export type Env = z.infer<typeof envSchema>;
