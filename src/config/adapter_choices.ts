import type { Env } from "./env_schema.ts";
import type { PriceConfig, RateLimitSettings } from "../lib/settings.ts";
import type {
  CacheConfig,
  DatabaseConfig,
  EnvironmentConfig,
  MailerConfig,
  PaymentsConfig,
  QueueConfig,
} from "./types.ts";

/**
 * The rules that span several variables: which adapter each setting selects, and which
 * combinations are incomplete. Each appends its problems so `loadConfig` reports them all at once.
 */

const NEON_HOST = /\.neon\.(tech|build)$/i;

/** Neon hosts get the Neon driver; problems are appended to `problems`, never thrown. */
export function pickDatabase(e: Env, problems: string[]): DatabaseConfig | undefined {
  const url = e.DATABASE_URL;
  if (e.DATABASE_DRIVER === "pglite" || (e.DATABASE_DRIVER === "auto" && !url)) {
    if (e.DENO_DEPLOY || e.DENO_DEPLOYMENT_ID) {
      // Deploy isolates are short-lived and share nothing: an embedded database would lose data.
      problems.push(
        "DATABASE_URL: required on Deno Deploy (the embedded PGlite keeps data locally)",
      );
    }
    if (e.DATABASE_READ_URL) {
      problems.push("DATABASE_READ_URL: needs DATABASE_URL (the embedded PGlite has no replicas)");
    }
    return { driver: "pglite", dataDir: e.PGLITE_DATA_DIR };
  }
  if (!url) {
    problems.push(`DATABASE_URL: required when DATABASE_DRIVER is "${e.DATABASE_DRIVER}"`);
    return undefined;
  }
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
      problems.push(`DATABASE_URL: expected a postgres:// URL, got "${parsed.protocol}"`);
      return undefined;
    }
    host = parsed.hostname;
  } catch {
    problems.push("DATABASE_URL: not a valid URL");
    return undefined;
  }
  const neon = e.DATABASE_DRIVER === "neon" ||
    (e.DATABASE_DRIVER === "auto" && NEON_HOST.test(host));
  const readUrl = e.DATABASE_READ_URL;
  if (readUrl && !/^postgres(ql)?:\/\//.test(readUrl)) {
    problems.push("DATABASE_READ_URL: expected a postgres:// URL");
    return undefined;
  }
  // The replica is reached with the primary's driver: a Neon read replica is another Neon host.
  const replica = readUrl ? { readUrl } : {};
  return neon
    ? { driver: "neon", url, poolMax: e.DATABASE_POOL_MAX, wsProxy: e.NEON_WS_PROXY, ...replica }
    : { driver: "tcp", url, poolMax: e.DATABASE_POOL_MAX, ...replica };
}

export function pickCache(e: Env, problems: string[]): CacheConfig | undefined {
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = e;
  const memory = { maxEntries: e.CACHE_MEMORY_MAX_ENTRIES, maxBytes: e.CACHE_MEMORY_MAX_BYTES };
  if (!url && !token) return { kind: "memory", ...memory };
  if (!url || !token) {
    problems.push("UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN: set both or neither");
    return undefined;
  }
  return {
    kind: "upstash",
    url,
    token,
    timeoutMs: e.CACHE_TIMEOUT_MS,
    ...memory,
    keyPrefix: e.CACHE_KEY_PREFIX,
  };
}

export function pickQueue(e: Env, problems: string[]): QueueConfig | undefined {
  const keys = [e.QSTASH_TOKEN, e.QSTASH_CURRENT_SIGNING_KEY, e.QSTASH_NEXT_SIGNING_KEY];
  if (keys.every((k) => k === undefined)) return { kind: "memory" };
  if (keys.some((k) => k === undefined)) {
    problems.push(
      "QSTASH_TOKEN, QSTASH_CURRENT_SIGNING_KEY and QSTASH_NEXT_SIGNING_KEY: set all three or none",
    );
    return undefined;
  }
  if (!e.PUBLIC_URL) problems.push("PUBLIC_URL: required with QStash, which calls the API back");
  return {
    kind: "qstash",
    url: e.QSTASH_URL,
    token: e.QSTASH_TOKEN!,
    currentSigningKey: e.QSTASH_CURRENT_SIGNING_KEY!,
    nextSigningKey: e.QSTASH_NEXT_SIGNING_KEY!,
  };
}

/**
 * The in-process scheduler runs where jobs run in process; with QStash, QStash's own schedules fire
 * the jobs (one delivery per fire time, whatever the number of instances). Deploy's branch and
 * preview timelines never run schedules: only production's work is scheduled.
 */
export function pickScheduler(
  e: Env,
  queue: QueueConfig | undefined,
  environment: EnvironmentConfig,
): "in-process" | "off" {
  if (environment.timelineKind === "branch" || environment.timelineKind === "preview") return "off";
  return e.SCHEDULER === "auto" && queue?.kind === "memory" ? "in-process" : "off";
}

/** Stripe when both keys are set; neither selects the offline memory adapter. */
export function pickPayments(e: Env, problems: string[]): PaymentsConfig | undefined {
  const { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret } = e;
  if (!secretKey && !webhookSecret) return { kind: "memory" };
  const before = problems.length;
  if (!secretKey || !webhookSecret) {
    problems.push("STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: set both or neither");
  }
  // Never echo these values: a mistyped secret is still mostly a secret.
  if (secretKey && !/^(sk|rk)_/.test(secretKey)) {
    problems.push(
      'STRIPE_SECRET_KEY: expected a secret key starting with "sk_" or "rk_"' +
        " (a publishable key cannot call the API)",
    );
  }
  if (webhookSecret && !webhookSecret.startsWith("whsec_")) {
    problems.push(
      'STRIPE_WEBHOOK_SECRET: expected an endpoint signing secret starting with "whsec_"',
    );
  }
  const apiBase = e.STRIPE_API_BASE;
  if (apiBase && !/^https?:$/.test(new URL(apiBase).protocol)) {
    problems.push("STRIPE_API_BASE: expected an http:// or https:// URL");
  }
  if (problems.length > before) return undefined;
  return {
    kind: "stripe",
    secretKey: secretKey!,
    webhookSecret: webhookSecret!,
    ...(apiBase ? { apiBase } : {}),
  };
}

/** `Name <address>` or a bare address, one recipient's worth: what Resend takes as `from`. */
const SENDER = /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

/**
 * The dev mailer unless `MAIL_PROVIDER=resend`, which needs the key, the sender and `APP_SECRET`
 * (unsubscribe links in real inboxes must outlive the process). A Resend key without the provider
 * is refused rather than ignored: it would mean a deployment that silently sends nothing.
 */
export function pickMailer(e: Env, problems: string[]): MailerConfig | undefined {
  if (e.MAIL_PROVIDER === "dev") {
    if (e.RESEND_API_KEY) {
      problems.push('RESEND_API_KEY: set, but MAIL_PROVIDER is "dev"; set MAIL_PROVIDER=resend');
    }
    return { kind: "dev" };
  }
  const before = problems.length;
  if (!e.RESEND_API_KEY) problems.push('RESEND_API_KEY: required when MAIL_PROVIDER is "resend"');
  if (!e.MAIL_FROM) {
    problems.push(
      'MAIL_FROM: required when MAIL_PROVIDER is "resend", e.g. "Pitchey <hello@pitchey.example>"',
    );
  } else if (!SENDER.test(e.MAIL_FROM)) {
    problems.push(`MAIL_FROM: "${e.MAIL_FROM}" is not "Name <address>" or an address`);
  }
  if (!e.APP_SECRET) {
    problems.push(
      'APP_SECRET: required when MAIL_PROVIDER is "resend" (at least 32 characters; it signs unsubscribe links)',
    );
  }
  if (problems.length > before) return undefined;
  return {
    kind: "resend",
    apiKey: e.RESEND_API_KEY!,
    from: e.MAIL_FROM!,
    ...(e.RESEND_API_BASE ? { apiBase: e.RESEND_API_BASE } : {}),
  };
}

const PRICE_VARIABLES = {
  pro: { month: "STRIPE_PRICE_PRO_MONTH", year: "STRIPE_PRICE_PRO_YEAR" },
  studio: { month: "STRIPE_PRICE_STUDIO_MONTH", year: "STRIPE_PRICE_STUDIO_YEAR" },
} as const;

/**
 * One price id per paid plan and interval. Required with Stripe (either key set); the memory
 * adapter accepts any id, so it gets placeholders.
 */
export function pickPrices(e: Env, problems: string[]): PriceConfig {
  const withStripe = Boolean(e.STRIPE_SECRET_KEY || e.STRIPE_WEBHOOK_SECRET);
  const missing: string[] = [];
  const price = (plan: keyof PriceConfig, interval: "month" | "year") => {
    const name = PRICE_VARIABLES[plan][interval];
    const value = e[name];
    if (value === undefined && withStripe) missing.push(name);
    return value ?? `price_dev_${plan}_${interval}`;
  };
  const prices = {
    pro: { month: price("pro", "month"), year: price("pro", "year") },
    studio: { month: price("studio", "month"), year: price("studio", "year") },
  };
  if (missing.length > 0) {
    const names = missing.length === 1
      ? missing[0]
      : `${missing.slice(0, -1).join(", ")} and ${missing.at(-1)}`;
    problems.push(`${names}: required with Stripe (a price id per plan and billing interval)`);
  }
  return prices;
}

export function parseOrigins(raw: string, problems: string[]): string[] {
  const origins: string[] = [];
  for (const item of raw.split(",").map((s) => s.trim()).filter(Boolean)) {
    try {
      const url = new URL(item);
      if (url.origin === "null" || item.replace(/\/$/, "") !== url.origin) throw new Error();
      origins.push(url.origin);
    } catch {
      problems.push(`CORS_ORIGINS: "${item}" is not an origin like "https://app.example.com"`);
    }
  }
  return origins;
}

/**
 * Request-rate limits. Always enabled: no variable turns them off, so a production deployment
 * cannot run unlimited by mistake (only the test harness, which builds settings itself, can).
 */
export function pickRateLimits(e: Env): RateLimitSettings {
  return {
    enabled: true,
    anonymousPerMinute: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    authPerMinute: e.RATE_LIMIT_AUTH_PER_MINUTE,
    searchPerMinute: e.RATE_LIMIT_SEARCH_PER_MINUTE,
  };
}

/**
 * Instances that share a Redis also share what they cache, signed cursors among it: they must
 * sign with one key, so `APP_SECRET` is required as soon as Upstash is configured.
 */
export function checkSharedSecret(e: Env, problems: string[]): void {
  if (e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN && !e.APP_SECRET) {
    problems.push(
      "APP_SECRET: required with UPSTASH_REDIS_REST_URL (instances sharing a cache must sign cursors and links with one key)",
    );
  }
}
