import { createPromiseTracker } from "./adapters/background/promise_tracker.ts";
import { withCircuitBreaker } from "./adapters/cache/circuit_breaker_store.ts";
import { createMemoryLruStore } from "./adapters/cache/memory_lru_store.ts";
import { createTieredCache } from "./adapters/cache/tiered_cache.ts";
import { createUpstashInvalidationChannel } from "./adapters/cache/upstash_invalidation_channel.ts";
import { createUpstashRedisStore } from "./adapters/cache/upstash_redis_store.ts";
import { systemClock } from "./adapters/clock/system_clock.ts";
import { createJsonLogger } from "./adapters/logger/json_logger.ts";
import { createDevMailer } from "./adapters/mailer/dev_mailer.ts";
import { createResendMailer } from "./adapters/mailer/resend_mailer.ts";
import { createHmacSigner, randomSecret } from "./adapters/signer/hmac_signer.ts";
import { createMemoryPayments } from "./adapters/payments/memory_payments.ts";
import { createStripePayments } from "./adapters/payments/stripe_payments.ts";
import {
  createInProcessQueue,
  type ExhaustedJob,
  type InProcessQueue,
} from "./adapters/queue/in_process_queue.ts";
import { createBackgroundOutboxRelay } from "./adapters/outbox_relay/background_outbox_relay.ts";
import { createQstashQueue } from "./adapters/queue/qstash_queue.ts";
import { createQstashSignatureVerifier } from "./adapters/queue/qstash_signature_verifier.ts";
import { createInProcessScheduler } from "./adapters/scheduler/in_process_scheduler.ts";
import type { Deps } from "./context.ts";
import type { Database } from "./db/database.ts";
import { withReplica } from "./db/with_replica.ts";
import { sha256Hex } from "./lib/secure_tokens.ts";
import { traceMethods } from "./lib/tracing.ts";
import type { Background } from "./ports/background.ts";
import type { Cache, CacheStore } from "./ports/cache.ts";
import type { Mailer } from "./ports/mailer.ts";
import { isOfflinePayments, type Payments } from "./ports/payments.ts";
import type { Clock } from "./ports/clock.ts";
import type { Logger } from "./ports/logger.ts";
import type { RateLimiter } from "./ports/rate_limiter.ts";
import type { Signer } from "./ports/signer.ts";
import { createPbkdf2PasswordHasher } from "./adapters/password_hasher/pbkdf2_password_hasher.ts";
import { createBufferedViewRecorder } from "./adapters/view_recorder/buffered_view_recorder.ts";
import { planPublishGate } from "./services/billing/plan_publish_gate.ts";
import { ownPitchCache } from "./services/pitches/pitch_cache.ts";
import { createBatchedRateLimiter } from "./adapters/rate_limiter/batched_rate_limiter.ts";
import { withFallbackRateLimiter } from "./adapters/rate_limiter/fallback_rate_limiter.ts";
import { createMemoryRateLimiter } from "./adapters/rate_limiter/memory_rate_limiter.ts";
import { withRefusalCounts } from "./adapters/rate_limiter/counted_rate_limiter.ts";
import { createUpstashRateLimiter } from "./adapters/rate_limiter/upstash_rate_limiter.ts";
import { createUpstashWindowCounterStore } from "./adapters/window_counter_store/upstash_window_counter_store.ts";
import type { JobSignatureVerifier, Queue } from "./ports/queue.ts";
import { runJob } from "./services/jobs/run_job.ts";
import { receiveBillingWebhook } from "./services/billing/receive_billing_webhook.ts";
import { SCHEDULES } from "./services/maintenance/schedules.ts";
import { relayOutbox } from "./services/jobs/relay_outbox.ts";
import { recordFailedJob } from "./services/jobs/record_failed_job.ts";
import { isPermanentJobFailure, safeErrorText } from "./services/jobs/job_failures.ts";
import {
  type CacheConfig,
  type Config,
  type DatabaseConfig,
  DEFAULT_TUNING,
  type TuningConfig,
} from "./config/types.ts";

/**
 * Parts a caller may supply instead of having them built from config. Tests use these to run the
 * production wiring with test adapters; production passes none.
 */
export interface DepsOverrides {
  clock?: Clock;
  logger?: Logger;
  /** An open, migrated database to use instead of opening the configured one. */
  database?: Database;
  mailer?: Mailer;
  payments?: Payments;
  /** Checks job deliveries even when the queue is the in-process one. */
  jobVerifier?: JobSignatureVerifier;
  /** Cache tiers below memory, in place of the configured Redis tier. */
  lowerTiers?: CacheStore[];
  /** Wraps the configured queue (tests make enqueues fail, or record them). */
  wrapQueue?: (queue: Queue) => Queue;
  /**
   * False: the in-process scheduler sets no timer and fires only when `tick()` is called, so a
   * test moving a manual clock decides when schedules fire.
   */
  schedulerTimers?: boolean;
}

/**
 * The only file that imports concrete adapters: turns validated config into the dependency bundle.
 * Embedded defaults (PGlite, memory cache, in-process queue) need no network at all.
 */
export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<Deps> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ??
    createJsonLogger({
      level: config.logLevel,
      base: { service: "pitchey-api", region: config.region },
    });
  const background = createPromiseTracker(logger);
  const database = overrides.database ?? await openDatabase(config.database);
  if (!overrides.database && database.driver === "pglite") await database.migrate();
  const parts = { clock, logger, background };
  const cache = overrides.lowerTiers
    ? createTieredCache({
      tiers: [
        createMemoryLruStore({ ...memoryBounds(config.cache), clock }),
        ...overrides.lowerTiers,
      ],
      ...parts,
    })
    : buildCache(config.cache, parts, config.tuning);
  // Dead letters of the in-process queue go where QStash's failure callback puts its own.
  const recordExhausted = async (job: ExhaustedJob) => {
    await recordFailedJob({
      ctx: deps,
      input: {
        messageId: job.messageId,
        jobName: job.name,
        payload: job.payload,
        error: safeErrorText(job.error),
        attempts: job.attempts,
      },
    });
  };
  const jobs = buildQueue(config, parts, recordExhausted);
  const queue = traceMethods(
    overrides.wrapQueue ? overrides.wrapQueue(jobs.queue) : jobs.queue,
    "queue",
    ["enqueue", "ping"],
    { "messaging.system": jobs.queue.name },
  );
  const relay = createBackgroundOutboxRelay({ background, logger });
  const deps: Deps = {
    settings: {
      region: config.region,
      environment: config.environment.mode,
      publicUrl: config.publicUrl,
      appUrl: config.appUrl,
      corsOrigins: config.corsOrigins,
      prices: config.prices,
      rateLimits: config.rateLimits,
      exportTtlDays: config.exportTtlDays,
      trustProxy: config.trustProxy,
      mailDailyCap: config.mailDailyCap,
      metricsTokenDigest: config.metricsToken === undefined
        ? undefined
        : sha256Hex(config.metricsToken),
      release: config.release,
    },
    db: database.db,
    readDb: database.readDb,
    database,
    cache,
    clock,
    logger,
    background,
    rateLimiter: withRefusalCounts(
      buildRateLimiter(config.cache, { clock, logger }, config.tuning),
    ),
    // Owners read their own pitch from a cache of its own; a view count that changed drops it.
    views: createBufferedViewRecorder({
      database,
      logger,
      onWritten: (pitchIds) => cache.remove(ownPitchCache, ...pitchIds),
    }),
    publishGate: planPublishGate,
    passwords: createPbkdf2PasswordHasher({ iterations: config.passwordIterations }),
    mailer: tracedMailer(overrides.mailer ?? buildMailer(config, { logger, clock })),
    signer: buildSigner(config, logger),
    payments: tracedPayments(overrides.payments ?? buildPayments(config, clock)),
    queue,
    outbox: relay,
    jobVerifier: overrides.jobVerifier ?? jobs.jobVerifier,
    // Scheduled jobs go through the queue like any other, so they run the same way everywhere.
    scheduler: config.scheduler === "in-process"
      ? createInProcessScheduler({
        schedules: SCHEDULES,
        queue,
        clock,
        logger,
        timers: overrides.schedulerTimers,
      })
      : undefined,
  };
  // The relay reads `deps.queue` on every pass, so a queue swapped in later is used too.
  relay.attach(() => relayOutbox({ ctx: deps }));
  // Jobs enqueued while the bundle was being built waited for this consumer.
  jobs.inProcess?.consume((job, meta) =>
    runJob({ ctx: deps, input: { ...job, ...meta } }).then(() => {})
  );
  // The offline provider posts the events of its own changes (a plan change, a cancellation) to
  // the webhook code path after the call that made them, as Stripe posts to the webhook URL.
  if (isOfflinePayments(deps.payments)) {
    deps.payments.attachWebhookEndpoint(({ body, signature }) =>
      background.waitUntil(
        receiveBillingWebhook({ ctx: deps, input: { rawBody: body, signature } }),
      )
    );
  }
  // Enqueues the startup runs (maintenance, outbox sweep), then ticks on unref'd timers.
  await deps.scheduler?.start();
  return deps;
}

/**
 * Writes what is buffered (views, rate-limit units decided locally), gives the outbox relay one last kick and waits for it (rows it cannot
 * publish now stay in the outbox for the next start), stops the relay, waits for background work,
 * closes the database and writes out buffered log lines (shutdown, tests).
 */
export async function closeDeps(deps: Deps): Promise<void> {
  deps.scheduler?.stop();
  await deps.views.flush();
  // Best effort: units decided locally since the last flush; it never throws.
  await deps.rateLimiter.flush();
  deps.outbox.kick();
  await deps.background.drain();
  await deps.outbox.close();
  await deps.background.drain();
  await deps.database.close();
  deps.logger.flush?.();
}

/**
 * Opens the configured database, with its read replica when `DATABASE_READ_URL` is set; callers
 * own `close()`. Each driver is imported only when chosen: PGlite's WASM and node-postgres cost
 * a Neon cold start hundreds of milliseconds they never give back.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  switch (config.driver) {
    case "pglite": {
      const { createPgliteDatabase } = await import("./db/clients/pglite.ts");
      return await createPgliteDatabase({ dataDir: config.dataDir });
    }
    case "tcp": {
      const { createTcpDatabase } = await import("./db/clients/tcp.ts");
      const primary = createTcpDatabase(config);
      return config.readUrl
        ? withReplica(primary, createTcpDatabase({ ...config, url: config.readUrl }))
        : primary;
    }
    case "neon": {
      const { createNeonDatabase } = await import("./db/clients/neon.ts");
      const primary = createNeonDatabase(config);
      return config.readUrl
        ? withReplica(primary, createNeonDatabase({ ...config, url: config.readUrl }))
        : primary;
    }
  }
}

/** The tiered cache for `config`; exported so tests build exactly what production runs. */
export function buildCache(
  config: CacheConfig,
  parts: { clock: Clock; logger: Logger; background: Background },
  tuning: TuningConfig = DEFAULT_TUNING,
): Cache {
  const memory = createMemoryLruStore({ ...memoryBounds(config), clock: parts.clock });
  const tiers = config.kind === "upstash"
    ? [
      memory,
      withCircuitBreaker(
        createUpstashRedisStore({
          ...config,
          prefix: config.keyPrefix,
          clock: parts.clock,
        }),
        {
          failureThreshold: tuning.cacheBreakerFailures,
          cooldownMs: tuning.cacheBreakerCooldownMs,
          clock: parts.clock,
        },
      ),
    ]
    : [memory];
  // Memory-only runs as one instance: no other memory tier can go out of date, so no channel.
  const invalidations = config.kind === "upstash"
    ? {
      channel: createUpstashInvalidationChannel({
        url: config.url,
        token: config.token,
        timeoutMs: config.timeoutMs,
        prefix: config.keyPrefix,
        instanceId: crypto.randomUUID(),
      }),
      pollIntervalMs: tuning.invalidationPollMs,
    }
    : undefined;
  return createTieredCache({ tiers, ...parts, invalidations });
}

/**
 * Rate limits share Redis with the cache when it is configured (so limits hold across instances),
 * falling back to per-instance counters during a Redis outage; else per-instance counters only.
 * With Redis, "local" policies (the per-request budgets) are decided in the isolate and written to
 * Redis in batches; "exact" ones (lockouts, security mail) go to Redis on every call.
 */
export function buildRateLimiter(
  config: CacheConfig,
  parts: { clock: Clock; logger: Logger },
  tuning: TuningConfig = DEFAULT_TUNING,
): RateLimiter {
  const local = createMemoryRateLimiter({ clock: parts.clock });
  if (config.kind === "memory") return local;
  const redis = { url: config.url, token: config.token, timeoutMs: config.timeoutMs };
  const prefix = `${config.keyPrefix}rl`;
  const shared = createUpstashRateLimiter({ ...redis, prefix });
  const exact = withFallbackRateLimiter({ primary: shared, fallback: local, ...parts });
  return createBatchedRateLimiter({
    store: createUpstashWindowCounterStore({ ...redis, prefix }),
    exact,
    ...parts,
    flushIntervalMs: tuning.rateLimitFlushMs,
    instances: tuning.rateLimitInstances,
    maxOvershootPercent: tuning.rateLimitOvershootPercent,
  });
}

function buildQueue(
  config: Config,
  parts: { logger: Logger; background: Background; clock: Clock },
  onExhausted: (job: ExhaustedJob) => Promise<void>,
): { queue: Queue; jobVerifier: JobSignatureVerifier | undefined; inProcess?: InProcessQueue } {
  if (config.queue.kind === "memory") {
    const base = config.tuning.jobRetryBaseMs;
    const inProcess = createInProcessQueue({
      ...parts,
      retryDelayMs: (attempt) => base * 4 ** (attempt - 1),
      isPermanent: isPermanentJobFailure,
      onExhausted,
    });
    return { queue: inProcess, jobVerifier: undefined, inProcess };
  }
  return {
    queue: createQstashQueue({
      token: config.queue.token,
      baseUrl: config.queue.url,
      publicUrl: config.publicUrl,
    }),
    jobVerifier: createQstashSignatureVerifier(config.queue),
  };
}

function buildMailer(config: Config, parts: { logger: Logger; clock: Clock }): Mailer {
  if (config.mailer.kind === "dev") return createDevMailer(parts);
  return createResendMailer(config.mailer);
}

function buildSigner(config: Config, logger: Logger): Signer {
  if (config.appSecret) return createHmacSigner({ secret: config.appSecret });
  // Only the embedded default gets here (`MAIL_PROVIDER=resend` requires APP_SECRET).
  logger.info("APP_SECRET unset: unsubscribe links are signed with a per-process key");
  return createHmacSigner({ secret: randomSecret() });
}

function buildPayments(config: Config, clock: Clock): Payments {
  if (config.payments.kind === "memory") {
    return createMemoryPayments({ publicUrl: config.publicUrl, clock });
  }
  return createStripePayments({
    secretKey: config.payments.secretKey,
    webhookSecret: config.payments.webhookSecret,
    apiBase: config.payments.apiBase,
    clock,
  });
}

/** Spans around each call to the mail provider (when tracing is on; else the mailer itself). */
function tracedMailer(mailer: Mailer): Mailer {
  return traceMethods(mailer, "mailer", ["send", "ping"], { "pitchey.provider": mailer.name });
}

/** Spans around each call to the payment provider; `parseWebhook` stays local work. */
function tracedPayments(payments: Payments): Payments {
  return traceMethods(payments, "payments", [
    "createCustomer",
    "createCheckout",
    "createPortal",
    "getSubscription",
    "changeSubscription",
    "cancelCustomerSubscriptions",
    "ping",
  ], { "pitchey.provider": payments.name });
}

function memoryBounds(config: CacheConfig): { maxEntries: number; maxBytes?: number } {
  return { maxEntries: config.maxEntries, maxBytes: config.maxBytes };
}
