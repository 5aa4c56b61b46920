import { createMemoryMailer, type MemoryMailer } from "../../src/adapters/mailer/memory_mailer.ts";
import {
  createMemoryPayments,
  type MemoryPayments,
} from "../../src/adapters/payments/memory_payments.ts";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/load_config.ts";
import type { CacheConfig, Config, QueueConfig } from "../../src/config/types.ts";
import type { Deps } from "../../src/context.ts";
import type { Database } from "../../src/db/database.ts";
import { closeDeps, createDeps } from "../../src/deps.ts";
import {
  DEFAULT_RATE_LIMITS,
  type RateLimitSettings,
  type Release,
  type TrustProxy,
} from "../../src/lib/settings.ts";
import type { CacheStore } from "../../src/ports/cache.ts";
import type { Mailer } from "../../src/ports/mailer.ts";
import type { JobSignatureVerifier, Queue } from "../../src/ports/queue.ts";
import { startUpstashRestFake, type UpstashRestFake } from "./fakes/upstash_rest_fake.ts";
import { ManualClock } from "./manual_clock.ts";
import { createMemoryLogger } from "./memory_logger.ts";
import { createTestDatabase } from "./test_database.ts";

export const TEST_PUBLIC_URL = "http://api.test";
/** Price ids as the payment fakes know them. */
export const TEST_PRICES = {
  pro: { month: "price_test_pro_month", year: "price_test_pro_year" },
  studio: { month: "price_test_studio_month", year: "price_test_studio_year" },
};
export const TEST_ORIGIN = "https://app.pitchey.test";

export interface HarnessOptions {
  corsOrigins?: string[];
  /** Replaces the database (e.g. one that is down). */
  database?: Database;
  /** Extra cache tiers after memory, replacing the Redis tier chosen from the environment. */
  lowerTiers?: CacheStore[];
  jobVerifier?: JobSignatureVerifier;
  /** Wraps the queue the app gets, e.g. to make enqueues fail or to record them. */
  queue?: (configured: Queue) => Queue;
  /**
   * Publish through QStash (the QStash fake's URL and keys) instead of the in-process queue; the
   * deliveries are then verified with these keys. Set `publicUrl` to where the app listens.
   */
  qstash?: Omit<Extract<QueueConfig, { kind: "qstash" }>, "kind">;
  /** `PUBLIC_URL`: where QStash calls the app back. */
  publicUrl?: string;
  /** Wraps the memory mailer the app sends through (the harness's `mailer` still sees it all). */
  wrapMailer?: (memory: Mailer) => Mailer;
  /** Byte bound of the memory cache tier (the production default otherwise). */
  cacheMaxBytes?: number;
  /** PBKDF2 cost; tests default to a low one so hundreds of sign-ups stay fast. */
  passwordIterations?: number;
  /**
   * API request-rate limits. Off by default: suites fire hundreds of requests from one address on
   * a frozen clock. "on" uses the production defaults; an object turns them on with overrides.
   */
  rateLimits?: "on" | "off" | Partial<Omit<RateLimitSettings, "enabled">>;
  /**
   * "memory" (default): a test mailer passed as an override. "dev": the production choice of
   * `MAIL_PROVIDER=dev`, built by `createDeps` from config, so `GET /dev/mail` is mounted.
   */
  mailer?: "memory" | "dev";
  /** Notification emails per user and UTC day (`MAIL_DAILY_CAP`). */
  mailDailyCap?: number;
  /**
   * Runs the schedule list in process, as the embedded default does: its startup runs are
   * enqueued by `createHarness`, and later fire times only when the test calls
   * `deps.scheduler.tick()` after moving the clock (no timers). Off by default, so suites see only
   * the jobs they cause.
   */
  scheduler?: boolean;
  /**
   * "production" builds the app as production mode would (no `/dev` routes); the adapters stay
   * the test ones, so only the mode itself differs.
   */
  environment?: "production" | "development";
  /** `TRUST_PROXY`: where per-address limits read the client address (the socket by default). */
  trustProxy?: TrustProxy;
  /** `METRICS_TOKEN`: mounts `GET /metrics` for holders of this token (404 when unset). */
  metricsToken?: string;
  /** `COMMIT_SHA` and `DENO_DEPLOYMENT_ID`, as `GET /health/detailed` reports them. */
  release?: Release;
}

/** Production uses 600,000 (OWASP); one test proves that setting, the rest stay fast. */
export const TEST_PASSWORD_ITERATIONS = 2_000;

export interface Harness {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  clock: ManualClock;
  logger: ReturnType<typeof createMemoryLogger>;
  mailer: MemoryMailer;
  payments: MemoryPayments;
  redis: UpstashRestFake | undefined;
  /** The cache configuration used, so a test can build a second instance over the same Redis. */
  cacheConfig: CacheConfig;
  /** Lets background work finish, then closes the database and fakes. */
  close(): Promise<void>;
}

/**
 * Builds the real app with test dependencies: a fresh migrated database (PGlite, or the local
 * Postgres when TEST_DATABASE_URL is set), the tiered cache with a Redis tier through the Upstash
 * REST fake when TEST_REDIS_URL is set, the in-process queue, the memory mailer (or the dev mailer
 * with `mailer: "dev"`) and memory payments, a manual clock and a capturing logger.
 */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new ManualClock(Date.now());
  const logger = createMemoryLogger("debug");
  const database = options.database ?? await createTestDatabase();
  const redis = await startRedisFake(options);
  const config = testConfig(options, redis);
  const override = options.mailer === "dev" ? undefined : createMemoryMailer({ clock });
  // On the test clock, so the events the adapter emits are ordered with the ones tests deliver.
  const payments = createMemoryPayments({ publicUrl: TEST_PUBLIC_URL, clock });
  const deps = await createDeps(config, {
    clock,
    logger,
    database,
    mailer: override && options.wrapMailer ? options.wrapMailer(override) : override,
    payments,
    jobVerifier: options.jobVerifier,
    lowerTiers: options.lowerTiers,
    wrapQueue: options.queue,
    schedulerTimers: false,
  });
  // The dev mailer keeps its messages in the same shape as the memory one.
  const mailer = override ?? deps.mailer as MemoryMailer;
  return {
    app: createApp(deps),
    deps,
    clock,
    logger,
    mailer,
    payments,
    redis,
    cacheConfig: config.cache,
    async close() {
      await closeDeps(deps);
      await redis?.close();
    },
  };
}

/** The configuration a test runs: the production defaults, with test keys and fast timings. */
function testConfig(options: HarnessOptions, redis: UpstashRestFake | undefined): Config {
  const base = loadConfig({ PUBLIC_URL: options.publicUrl ?? TEST_PUBLIC_URL });
  return {
    ...base,
    queue: options.qstash ? { kind: "qstash", ...options.qstash } : base.queue,
    appUrl: TEST_ORIGIN,
    corsOrigins: options.corsOrigins ?? [TEST_ORIGIN],
    region: "test",
    passwordIterations: options.passwordIterations ?? TEST_PASSWORD_ITERATIONS,
    prices: TEST_PRICES,
    rateLimits: rateLimitSettings(options.rateLimits),
    trustProxy: options.trustProxy ?? base.trustProxy,
    metricsToken: options.metricsToken,
    release: options.release ?? base.release,
    cache: redis
      ? {
        kind: "upstash",
        url: redis.url,
        token: REDIS_TOKEN,
        timeoutMs: 500,
        maxEntries: 10_000,
        maxBytes: options.cacheMaxBytes,
        keyPrefix: `test:${crypto.randomUUID()}:`,
      }
      : { kind: "memory", maxEntries: 10_000, maxBytes: options.cacheMaxBytes },
    tuning: { ...base.tuning, jobRetryBaseMs: 1 },
    mailDailyCap: options.mailDailyCap ?? base.mailDailyCap,
    scheduler: options.scheduler ? "in-process" : "off",
    environment: { ...base.environment, mode: options.environment ?? "development" },
  };
}

const REDIS_TOKEN = "test-upstash-token";

function rateLimitSettings(option: HarnessOptions["rateLimits"] = "off"): RateLimitSettings {
  if (option === "off") return { ...DEFAULT_RATE_LIMITS, enabled: false };
  if (option === "on") return { ...DEFAULT_RATE_LIMITS };
  return { ...DEFAULT_RATE_LIMITS, ...option, enabled: true };
}

function startRedisFake(options: HarnessOptions): Promise<UpstashRestFake | undefined> {
  const redisUrl = Deno.env.get("TEST_REDIS_URL");
  if (!redisUrl || options.lowerTiers) return Promise.resolve(undefined);
  return startUpstashRestFake({ redisUrl, token: REDIS_TOKEN });
}
