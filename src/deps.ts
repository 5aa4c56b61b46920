import { createPromiseTracker } from "./adapters/background/promise_tracker.ts";
import { withCircuitBreaker } from "./adapters/cache/circuit_breaker_store.ts";
import { createMemoryLruStore } from "./adapters/cache/memory_lru_store.ts";
import { createTieredCache } from "./adapters/cache/tiered_cache.ts";
import { createUpstashInvalidationChannel } from "./adapters/cache/upstash_invalidation_channel.ts";
import { createUpstashRedisStore } from "./adapters/cache/upstash_redis_store.ts";
import { systemClock } from "./adapters/clock/system_clock.ts";
import { createJsonLogger } from "./adapters/logger/json_logger.ts";
import { createMemoryMailer } from "./adapters/mailer/memory_mailer.ts";
import { createMemoryPayments } from "./adapters/payments/memory_payments.ts";
import { createStripePayments } from "./adapters/payments/stripe_payments.ts";
import { createInProcessQueue } from "./adapters/queue/in_process_queue.ts";
import { createQstashQueue } from "./adapters/queue/qstash_queue.ts";
import { createQstashSignatureVerifier } from "./adapters/queue/qstash_signature_verifier.ts";
import type { Deps } from "./context.ts";
import { createNeonDatabase } from "./db/clients/neon.ts";
import { createPgliteDatabase } from "./db/clients/pglite.ts";
import { createTcpDatabase } from "./db/clients/tcp.ts";
import type { Database } from "./db/database.ts";
import type { Background } from "./ports/background.ts";
import type { Cache } from "./ports/cache.ts";
import type { Clock } from "./ports/clock.ts";
import type { Logger } from "./ports/logger.ts";
import type { RateLimiter } from "./ports/rate_limiter.ts";
import { createPbkdf2PasswordHasher } from "./adapters/password_hasher/pbkdf2_password_hasher.ts";
import { createBufferedViewRecorder } from "./adapters/view_recorder/buffered_view_recorder.ts";
import { planPublishGate } from "./services/billing/plan_publish_gate.ts";
import { withFallbackRateLimiter } from "./adapters/rate_limiter/fallback_rate_limiter.ts";
import { createMemoryRateLimiter } from "./adapters/rate_limiter/memory_rate_limiter.ts";
import { createUpstashRateLimiter } from "./adapters/rate_limiter/upstash_rate_limiter.ts";
import type { JobSignatureVerifier, Queue } from "./ports/queue.ts";
import { runJob } from "./services/jobs/run_job.ts";
import type { CacheConfig, Config, DatabaseConfig, QueueConfig } from "./config/types.ts";

/** Parts a caller may supply instead of having them built (tests pass a manual clock, a logger). */
export type DepsOverrides = Partial<Pick<Deps, "clock" | "logger" | "mailer" | "payments">>;

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
  const database = await openDatabase(config.database);
  if (database.driver === "pglite") await database.migrate();
  const cache = buildCache(config.cache, { clock, logger, background });
  const deps: Deps = {
    settings: {
      region: config.region,
      publicUrl: config.publicUrl,
      appUrl: config.appUrl,
      corsOrigins: config.corsOrigins,
      prices: config.prices,
      rateLimits: config.rateLimits,
    },
    database,
    cache,
    clock,
    logger,
    background,
    rateLimiter: buildRateLimiter(config.cache, { clock, logger }),
    views: createBufferedViewRecorder({ database, logger }),
    publishGate: planPublishGate,
    passwords: createPbkdf2PasswordHasher({ iterations: config.passwordIterations }),
    mailer: overrides.mailer ?? createMemoryMailer(),
    payments: overrides.payments ?? (config.payments.kind === "stripe"
      ? createStripePayments({
        secretKey: config.payments.secretKey,
        webhookSecret: config.payments.webhookSecret,
        apiBase: config.payments.apiBase,
        clock,
      })
      : createMemoryPayments({ publicUrl: config.publicUrl, clock })),
    ...buildQueue(config.queue, config.publicUrl, {
      logger,
      background,
      clock,
      // The in-process queue calls back into the finished bundle, built just below.
      dispatch: (job, meta) => runJob({ ctx: deps, input: { ...job, ...meta } }).then(() => {}),
    }),
  };
  return deps;
}

/** Opens the configured database; callers own `close()`. */
export function openDatabase(config: DatabaseConfig): Promise<Database> {
  switch (config.driver) {
    case "pglite":
      return createPgliteDatabase({ dataDir: config.dataDir });
    case "tcp":
      return Promise.resolve(createTcpDatabase(config));
    case "neon":
      return Promise.resolve(createNeonDatabase(config));
  }
}

/** The tiered cache for `config`; exported so tests build exactly what production runs. */
export function buildCache(
  config: CacheConfig,
  parts: { clock: Clock; logger: Logger; background: Background },
): Cache {
  const memory = createMemoryLruStore({ maxEntries: config.maxEntries, clock: parts.clock });
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
          // During a Redis outage requests skip it instead of each waiting out a timeout.
          failureThreshold: 5,
          cooldownMs: 10_000,
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
      // About one Redis call per second per instance, and only while it serves reads.
      pollIntervalMs: 1000,
    }
    : undefined;
  return createTieredCache({ tiers, ...parts, invalidations });
}

/**
 * Rate limits share Redis with the cache when it is configured (so limits hold across instances),
 * falling back to per-instance counters during a Redis outage; else per-instance counters only.
 */
export function buildRateLimiter(
  config: CacheConfig,
  parts: { clock: Clock; logger: Logger },
): RateLimiter {
  const local = createMemoryRateLimiter({ clock: parts.clock });
  if (config.kind === "memory") return local;
  const shared = createUpstashRateLimiter({
    url: config.url,
    token: config.token,
    timeoutMs: config.timeoutMs,
    prefix: `${config.keyPrefix}rl`,
  });
  return withFallbackRateLimiter({ primary: shared, fallback: local, ...parts });
}

function buildQueue(
  config: QueueConfig,
  publicUrl: string,
  parts: {
    logger: Logger;
    background: Background;
    clock: Clock;
    dispatch: Parameters<typeof createInProcessQueue>[0]["dispatch"];
  },
): { queue: Queue; jobVerifier: JobSignatureVerifier | undefined } {
  if (config.kind === "memory") {
    return { queue: createInProcessQueue(parts), jobVerifier: undefined };
  }
  return {
    queue: createQstashQueue({ token: config.token, baseUrl: config.url, publicUrl }),
    jobVerifier: createQstashSignatureVerifier(config),
  };
}
