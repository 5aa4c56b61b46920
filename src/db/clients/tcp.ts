import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
// @ts-types="npm:@types/pg@8.15.6"
import pg from "pg";
import type { Database, Db } from "../database.ts";
import { MIGRATIONS_FOLDER } from "../database.ts";
import * as schema from "../schema.ts";
import { guardPool, POOL_DEFAULTS, poolFigures } from "./pool_settings.ts";

/**
 * A self-hosted Postgres over TCP through node-postgres, whose Pool API Neon's driver also speaks,
 * so both share one drizzle code path.
 */
export function createTcpDatabase(options: { url: string; poolMax: number }): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    ...POOL_DEFAULTS,
  });
  guardPool(pool);
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  return {
    driver: "tcp",
    db,
    readDb: db,
    pools: () => [poolFigures(pool, options.poolMax)],
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    migrate: () =>
      migrate(drizzle({ client: pool, schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => pool.end(),
  };
}
