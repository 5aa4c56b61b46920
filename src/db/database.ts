import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema.ts";

/** The drizzle handle every query helper and service uses, whatever the driver underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction handle; service verbs accept `Db | Tx` so callers can compose them. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A connected database: the drizzle handle plus what operators and the readiness check need. */
export interface Database {
  readonly driver: "pglite" | "tcp" | "neon";
  readonly db: Db;
  /** One round trip (`select 1`); throws when the database cannot answer. */
  ping(): Promise<void>;
  /** Applies pending migrations from `migrations/`. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Where drizzle-kit writes migrations; resolved from this file so any working directory works. */
export const MIGRATIONS_FOLDER = new URL("../../migrations", import.meta.url).pathname;
