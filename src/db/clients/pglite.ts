import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { countCall, timed } from "../../lib/timing.ts";
import { traced } from "../../lib/tracing.ts";
import { POSTGRES_SPAN_ATTRIBUTES } from "./pool_settings.ts";
import type { Database, Db } from "../database.ts";
import { MIGRATIONS_FOLDER } from "../database.ts";
import * as schema from "../schema.ts";

/**
 * The embedded default: real Postgres compiled to WASM, in process. `dataDir` of ":memory:" keeps
 * nothing (tests); a folder keeps data across restarts (the README's start command).
 */
export async function createPgliteDatabase(options: { dataDir: string }): Promise<Database> {
  if (options.dataDir !== ":memory:") await mkdir(options.dataDir, { recursive: true });
  const client = options.dataDir === ":memory:" ? new PGlite() : new PGlite(options.dataDir);
  await client.waitReady;
  instrument(client);
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    driver: "pglite",
    db,
    readDb: db,
    pools: () => [],
    ping: async () => {
      if (client.closed) throw new Error("PGlite is closed");
      await db.execute(sql`select 1`);
    },
    migrate: () => migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

/** Wraps the query entry points drizzle uses so time spent reaches `Server-Timing`. */
function instrument(client: PGlite): void {
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = ((...args: Parameters<PGlite["query"]>) => {
    countCall("sql");
    return timed("db", () => traced("db.query", POSTGRES_SPAN_ATTRIBUTES, () => query(...args)));
  }) as PGlite["query"];
  client.exec = ((...args: Parameters<PGlite["exec"]>) => {
    countCall("sql");
    return timed("db", () => traced("db.query", POSTGRES_SPAN_ATTRIBUTES, () => exec(...args)));
  }) as PGlite["exec"];
  client.transaction = ((fn: Parameters<PGlite["transaction"]>[0]) => {
    countCall("sql");
    return timed(
      "db",
      () => traced("db.transaction", POSTGRES_SPAN_ATTRIBUTES, () => transaction(fn)),
    );
  }) as PGlite["transaction"];
}
