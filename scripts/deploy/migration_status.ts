import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../src/db/database.ts";

/** One entry of drizzle-kit's `migrations/meta/_journal.json`, with its SQL file's hash. */
export interface JournalMigration {
  tag: string;
  /** drizzle's `folderMillis`: what the migrations table stores as `created_at`. */
  when: number;
  /** SHA-256 of the SQL file, as drizzle's migrator stores it. */
  hash: string;
}

/** A row of `drizzle.__drizzle_migrations`. */
export interface AppliedMigration {
  hash: string;
  createdAt: number;
}

export interface MigrationStatus {
  applied: string[];
  /** In the journal, not in the database: `db:migrate` (the predeploy step) applies them. */
  pending: string[];
  /** In the database, not in this checkout: the database is ahead of this code. */
  unknown: AppliedMigration[];
  /** Applied, but the file changed since: migrations are append-only. */
  edited: string[];
}

/** Reads the journal and hashes each SQL file the way drizzle's migrator does. */
export async function readJournal(folder: string): Promise<JournalMigration[]> {
  const journal = JSON.parse(await Deno.readTextFile(`${folder}/meta/_journal.json`)) as {
    entries: Array<{ tag: string; when: number }>;
  };
  return await Promise.all(journal.entries.map(async (entry) => {
    const text = await Deno.readTextFile(`${folder}/${entry.tag}.sql`);
    return {
      tag: entry.tag,
      when: entry.when,
      hash: createHash("sha256").update(text).digest("hex"),
    };
  }));
}

/**
 * The migrations the database records, read-only: a database never migrated has no table yet,
 * which reads as nothing applied.
 */
export async function readAppliedMigrations(db: Db): Promise<AppliedMigration[]> {
  const exists = await db.execute(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  ) as unknown as { rows: Array<{ present: boolean }> };
  if (!exists.rows[0]?.present) return [];
  const result = await db.execute(
    sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at`,
  ) as unknown as { rows: Array<{ hash: string; created_at: string | number }> };
  return result.rows.map((row) => ({ hash: row.hash, createdAt: Number(row.created_at) }));
}

/**
 * Compares the checkout with the database as drizzle's migrator would: a journal entry newer than
 * the newest applied row is pending; rows matching no entry mean the database runs a newer schema
 * than this code (a rollback past a migration, or a branch that never merged).
 */
export function compareMigrations(
  journal: JournalMigration[],
  applied: AppliedMigration[],
): MigrationStatus {
  const newest = Math.max(-Infinity, ...applied.map((row) => row.createdAt));
  const byWhen = new Map(journal.map((entry) => [entry.when, entry]));
  const status: MigrationStatus = { applied: [], pending: [], unknown: [], edited: [] };
  for (const row of applied) {
    const entry = byWhen.get(row.createdAt);
    if (!entry) status.unknown.push(row);
    else if (entry.hash !== row.hash) status.edited.push(entry.tag);
  }
  for (const entry of journal) {
    if (entry.when > newest) status.pending.push(entry.tag);
    else status.applied.push(entry.tag);
  }
  return status;
}
