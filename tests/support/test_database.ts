// @ts-types="npm:@types/pg@8.15.6"
import pg from "pg";
import { createNeonDatabase } from "../../src/db/clients/neon.ts";
import { createPgliteDatabase } from "../../src/db/clients/pglite.ts";
import { createTcpDatabase } from "../../src/db/clients/tcp.ts";
import type { Database } from "../../src/db/database.ts";
import { startNeonWsRelay } from "./fakes/neon_ws_relay.ts";

/** Which database the suites run on, from the environment the CI script sets. */
export type TestDatabaseTarget =
  | { kind: "pglite" }
  | { kind: "tcp" | "neon"; adminUrl: string };

export function testDatabaseTarget(): TestDatabaseTarget {
  const adminUrl = Deno.env.get("TEST_DATABASE_URL");
  if (!adminUrl) return { kind: "pglite" };
  const driver = Deno.env.get("TEST_DATABASE_DRIVER") ?? "tcp";
  if (driver !== "tcp" && driver !== "neon") {
    throw new Error(`TEST_DATABASE_DRIVER must be "tcp" or "neon", got "${driver}"`);
  }
  return { kind: driver, adminUrl };
}

/**
 * A migrated, empty database for one test file. On PGlite it lives in memory; on a real server it
 * is a fresh `pitchey_test_*` database (dropped by `close`), reached through the TCP driver or the
 * production Neon driver via the loopback wsproxy relay.
 */
export async function createTestDatabase(): Promise<Database> {
  const target = testDatabaseTarget();
  if (target.kind === "pglite") {
    const database = await createPgliteDatabase({ dataDir: ":memory:" });
    await database.migrate();
    return database;
  }
  const name = `pitchey_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await admin(target.adminUrl, `create database ${name}`);
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  const relay = target.kind === "neon" ? await startNeonWsRelay() : undefined;
  const database = relay
    ? createNeonDatabase({ url: url.href, poolMax: 5, wsProxy: relay.wsProxy })
    : createTcpDatabase({ url: url.href, poolMax: 5 });
  await database.migrate();
  return {
    ...database,
    driver: database.driver,
    db: database.db,
    close: async () => {
      await database.close();
      await relay?.close();
      await admin(target.adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** Runs one statement (create/drop database) on the server at `url` over its own connection. */
export async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A migrated embedded database on a data directory that outlives it: open it again on the same
 * directory to test what survives a restart of the embedded default.
 */
export async function openPgliteAt(dataDir: string): Promise<Database> {
  const database = await createPgliteDatabase({ dataDir });
  await database.migrate();
  return database;
}
