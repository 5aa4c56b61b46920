import type { PriceConfig } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { Background } from "./ports/background.ts";
import type { Cache } from "./ports/cache.ts";
import type { Clock } from "./ports/clock.ts";
import type { Logger } from "./ports/logger.ts";
import type { RateLimiter } from "./ports/rate_limiter.ts";
import type { PasswordHasher } from "./services/accounts/password_hasher.ts";
import type { Principal } from "./services/accounts/principal.ts";
import type { PublishGate } from "./services/pitches/publish_gate.ts";
import type { RateLimitSettings } from "./services/rate_limits/api_policies.ts";
import type { PitchViewRecorder } from "./services/pitches/view_recorder.ts";
import type { Mailer } from "./ports/mailer.ts";
import type { Payments } from "./ports/payments.ts";
import type { JobSignatureVerifier, Queue } from "./ports/queue.ts";

/** Settings the HTTP layer and services need at run time (a subset of `Config`, no secrets). */
export interface RuntimeSettings {
  region: string;
  publicUrl: string;
  /** The web front end's origin: links in emails point there. */
  appUrl: string;
  corsOrigins: string[];
  /** The payment provider's price id per paid plan and interval. */
  prices: PriceConfig;
  /** Request-rate limits of the API (the plan limits come from the plans). */
  rateLimits: RateLimitSettings;
}

/**
 * Everything built once per isolate and shared by every request. Handlers reach it through
 * `c.var.deps`; service verbs take the narrow slice they need (`Pick<Deps, "database" | "clock">`).
 */
export interface Deps {
  settings: RuntimeSettings;
  database: Database;
  cache: Cache;
  queue: Queue;
  /** Present only when jobs arrive over HTTP (QStash); the in-process queue calls handlers directly. */
  jobVerifier: JobSignatureVerifier | undefined;
  mailer: Mailer;
  payments: Payments;
  rateLimiter: RateLimiter;
  /** Buffers pitch views and writes them in batches. */
  views: PitchViewRecorder;
  /** Decides whether a user may publish another pitch (plan limits plug in here). */
  publishGate: PublishGate;
  passwords: PasswordHasher;
  clock: Clock;
  logger: Logger;
  background: Background;
}

/** The Hono environment of every router: typed variables set by the global middleware. */
export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    /** Set by the authenticate middleware when a valid credential came with the request. */
    principal: Principal | undefined;
    /** How the credential arrived; cookie-borne ones get CSRF checks. */
    credentialSource: "bearer" | "cookie" | undefined;
  };
}
