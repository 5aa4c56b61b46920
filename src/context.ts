import type { Database, Db, Tx } from "./db/database.ts";
import type { Background } from "./ports/background.ts";
import type { Cache } from "./ports/cache.ts";
import type { Clock } from "./ports/clock.ts";
import type { Logger } from "./ports/logger.ts";
import type { RateLimiter } from "./ports/rate_limiter.ts";
import type { PublishGate } from "./ports/publish_gate.ts";
import type { PitchViewRecorder } from "./ports/view_recorder.ts";
import type { Mailer } from "./ports/mailer.ts";
import type { Payments } from "./ports/payments.ts";
import type { JobSignatureVerifier, Queue } from "./ports/queue.ts";
import type { OutboxRelay } from "./ports/outbox_relay.ts";
import type { PasswordHasher } from "./ports/password_hasher.ts";
import type { Signer } from "./ports/signer.ts";
import type { Scheduler } from "./ports/scheduler.ts";
import type { Principal } from "./lib/principal.ts";
import type { RuntimeSettings } from "./lib/settings.ts";

/**
 * The one context every service verb receives. It is built once per isolate (`createDeps`) and
 * reaches handlers as `c.get("deps")`; each verb types its `ctx` as a `Pick` of it, so a caller always
 * passes the context it holds, never a converted one. Inside a transaction the same shape is passed
 * with `db` replaced by the transaction (`withTransaction`).
 */
export interface Ctx {
  settings: RuntimeSettings;
  /** Where queries go: the pool, or the open transaction inside `withTransaction`. */
  db: Db | Tx;
  /**
   * Where read-only hot-path queries go (pitch reads, lists, feed, profiles): the read replica
   * when one is configured, else the primary. Inside `withTransaction` it is the transaction, and
   * for a caller who wrote in the last few seconds it is the primary (read-your-writes), so a
   * verb never reads around its own or its caller's writes.
   */
  readDb: Db | Tx;
  /** The connection itself, for its health and lifecycle only; queries go through `db`. */
  database: Database;
  cache: Cache;
  /** Publishes outbox rows; services enqueue jobs with `enqueueJob`, never on `queue` directly. */
  queue: Queue;
  /**
   * Kicks the outbox relay. Inside `withTransaction` it is replaced by one that holds the kick
   * until the outermost transaction commits (and drops it on a rollback).
   */
  outbox: OutboxRelay;
  /** Present only when jobs arrive over HTTP (QStash); the in-process queue calls handlers directly. */
  jobVerifier: JobSignatureVerifier | undefined;
  /**
   * Present only when the schedule list runs in this process (the embedded default); with QStash,
   * QStash's schedules fire the jobs. Services never call it: `closeDeps` stops it, tests tick it.
   */
  scheduler: Scheduler | undefined;
  mailer: Mailer;
  payments: Payments;
  rateLimiter: RateLimiter;
  /** Buffers pitch views and writes them in batches. */
  views: PitchViewRecorder;
  /** Decides whether a user may publish another pitch (plan limits plug in here). */
  publishGate: PublishGate;
  passwords: PasswordHasher;
  /** Signs and checks links we hand out (unsubscribe) with the server secret. */
  signer: Signer;
  clock: Clock;
  logger: Logger;
  background: Background;
}

/** The bundle `createDeps` assembles: the root context, with `db` the pool. */
export type Deps = Ctx;

/** The Hono environment of every router: typed variables set by the global middleware. */
export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    /** Set by the authenticate middleware when a valid credential came with the request. */
    principal: Principal | undefined;
    /** How the credential arrived; cookie-borne ones get CSRF checks. */
    credentialSource: "bearer" | "cookie" | undefined;
    /**
     * A credential came and did not resolve. Answered with this 401 only after the rate limiter
     * has counted the request against the caller's address, so guessing costs budget.
     */
    rejectedCredential: Error | undefined;
    /** The caller's address key, worked out once per request by `clientIp`. */
    clientAddress: string | undefined;
  };
}
