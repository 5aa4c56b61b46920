import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema.ts";

/** The drizzle handle every query helper and service uses, whatever the driver underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction handle; service verbs accept `Db | Tx` so callers can compose them. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A connection pool's figures at one moment (node-postgres and Neon pools expose them). */
export interface PoolFigures {
  /** "primary", or "replica" for the pool behind `DATABASE_READ_URL`. */
  role: "primary" | "replica";
  /** Connections open, busy or idle. */
  total: number;
  /** Connections checked out by a query or a transaction. */
  inUse: number;
  /** Callers waiting for a connection because all `max` are in use. */
  waiting: number;
  /** `DATABASE_POOL_MAX`. */
  max: number;
}

/** A connected database: the drizzle handle plus what operators and the readiness check need. */
export interface Database {
  readonly driver: "pglite" | "tcp" | "neon";
  readonly db: Db;
  /**
   * Where read-only queries that tolerate replica lag may go: a read replica's handle when one is
   * configured (`DATABASE_READ_URL`), else `db` itself. Writes never go here.
   */
  readonly readDb: Db;
  /**
   * The pools' figures, for metrics and `GET /health/detailed`; empty for PGlite, which has one
   * connection that runs statements one after another and exposes no queue.
   */
  pools?(): PoolFigures[];
  /** One round trip (`select 1`); throws when the database cannot answer. */
  ping(): Promise<void>;
  /** Applies pending migrations from `migrations/`. */
  migrate(): Promise<void>;
  /** Closes the primary and, when there is one, the replica. */
  close(): Promise<void>;
}

/** Where drizzle-kit writes migrations; resolved from this file so any working directory works. */
// Bundled for Workers, `import.meta.url` may be missing; nothing migrates there (Neon only).
export const MIGRATIONS_FOLDER = typeof import.meta.url === "string"
  ? new URL("../../migrations", import.meta.url).pathname
  : "migrations";
