import {
  checkSharedSecret,
  parseOrigins,
  pickCache,
  pickDatabase,
  pickMailer,
  pickPayments,
  pickPrices,
  pickQueue,
  pickRateLimits,
  pickScheduler,
} from "./adapter_choices.ts";
import { parseTrustProxy } from "./trust_proxy.ts";
import { envSchema } from "./env_schema.ts";
import {
  checkDatabaseIsolation,
  checkProduction,
  pickEnvironment,
  pickRegion,
} from "./environment.ts";
import type { Config } from "./types.ts";

/**
 * The one place that reads the environment (through `main.ts`, which passes `Deno.env.toObject()`).
 */

/** Thrown with every problem found, so an operator fixes the environment in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment once at startup. Throws `ConfigError` listing everything that is wrong. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  const invalid = new Set(parsed.success ? [] : parsed.error.issues.map((i) => String(i.path[0])));
  // The cross-variable rules below must still run when a single value is malformed, or the operator
  // fixes one problem only to meet the next: re-parse with the malformed variables left unset.
  const retry = parsed.success ? parsed : envSchema.safeParse(withoutKeys(env, invalid));
  if (!retry.success) throw new ConfigError(problems);
  const e = retry.data;
  const environment = pickEnvironment(e);
  // Production's list comes first and names each missing variable once; the looser rules below
  // about the same variables would only repeat it.
  const required: string[] = [];
  const reported = environment.mode === "production"
    ? checkProduction(e, required)
    : new Set<string>();
  problems.push(...required.filter((problem) => !namesAny(problem, invalid)));
  const rules: string[] = [];
  checkDatabaseIsolation(e, environment, rules);
  const database = pickDatabase(e, rules);
  const cache = pickCache(e, rules);
  const queue = pickQueue(e, rules);
  const payments = pickPayments(e, rules);
  const prices = pickPrices(e, rules);
  const mailer = pickMailer(e, rules);
  const corsOrigins = parseOrigins(e.CORS_ORIGINS, rules);
  checkSharedSecret(e, rules);
  // A rule about a variable already reported as malformed would only repeat that problem.
  const skip = new Set([...invalid, ...reported]);
  problems.push(...rules.filter((rule) => !namesAny(rule, skip)));
  if (problems.length > 0) throw new ConfigError(problems);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return {
    port: e.PORT,
    publicUrl,
    corsOrigins,
    appUrl: (e.APP_URL ?? corsOrigins[0] ?? publicUrl).replace(/\/+$/, ""),
    passwordIterations: e.PASSWORD_PBKDF2_ITERATIONS,
    logLevel: e.LOG_LEVEL,
    region: pickRegion(e, environment),
    platform: environment.platform,
    environment,
    database: database!,
    cache: cache!,
    queue: queue!,
    mailer: mailer!,
    appSecret: e.APP_SECRET,
    mailDailyCap: e.MAIL_DAILY_CAP,
    scheduler: pickScheduler(e, queue, environment),
    payments: payments!,
    prices,
    rateLimits: pickRateLimits(e),
    exportTtlDays: e.EXPORT_TTL_DAYS,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    tuning: {
      cacheBreakerFailures: e.CACHE_BREAKER_FAILURES,
      cacheBreakerCooldownMs: e.CACHE_BREAKER_COOLDOWN_MS,
      invalidationPollMs: e.CACHE_INVALIDATION_POLL_MS,
      jobRetryBaseMs: e.JOB_RETRY_BASE_MS,
      rateLimitFlushMs: e.RATE_LIMIT_LOCAL_FLUSH_MS,
      rateLimitInstances: e.RATE_LIMIT_LOCAL_INSTANCES,
      rateLimitOvershootPercent: e.RATE_LIMIT_LOCAL_OVERSHOOT_PERCENT,
    },
    metricsToken: e.METRICS_TOKEN,
    release: { commit: e.COMMIT_SHA, deployment: e.DENO_DEPLOYMENT_ID },
  };
}

function withoutKeys(
  env: Record<string, string | undefined>,
  keys: Set<string>,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !keys.has(key)));
}

/** Whether a problem's subject ("A and B: ...") names one of `keys`. */
function namesAny(problem: string, keys: Set<string>): boolean {
  const subject = problem.slice(0, problem.indexOf(":"));
  return subject.split(/[^A-Z0-9_]+/).some((name) => keys.has(name));
}
