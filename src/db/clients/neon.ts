import { Client, type ClientConfig, Pool } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/neon-serverless";
import { migrate } from "drizzle-orm/neon-serverless/migrator";
import type { Database, Db } from "../database.ts";
import { MIGRATIONS_FOLDER } from "../database.ts";
import * as schema from "../schema.ts";
import { guardPool, POOL_DEFAULTS, poolFigures } from "./pool_settings.ts";

/**
 * Neon over WebSockets through Neon's Pool (node-postgres with a WebSocket socket), so interactive
 * transactions work (neon-http has none). Deno has a global WebSocket, so no `ws` package.
 * `wsProxy` ("127.0.0.1:4444") routes every connection through a plain-ws relay speaking Neon's
 * wsproxy protocol: local development and tests against a self-hosted Postgres.
 */
export function createNeonDatabase(
  options: { url: string; poolMax: number; wsProxy?: string },
): Database {
  const pool = new Pool({ connectionString: options.url, max: options.poolMax, ...POOL_DEFAULTS });
  // Neon's Pool overwrites `options.Client` after construction, so the relay client is set here.
  if (options.wsProxy !== undefined) pool.Client = relayClient(options.wsProxy);
  guardPool(pool);
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  return {
    driver: "neon",
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

/**
 * A Client configured per instance (`client.neonConfig`) rather than through the global
 * `neonConfig`, so a relay-backed pool and a real Neon pool can live in one process.
 */
function relayClient(wsProxy: string): typeof Client {
  return class RelayClient extends Client {
    constructor(config?: string | ClientConfig) {
      super(config);
      this.neonConfig.wsProxy = (host, port) => `${wsProxy}/v2?address=${host}:${port}`;
      // The relay is plain ws on loopback and Postgres there is not Neon: no TLS tunnel, no
      // pipelined TLS, and no pipelined password (the server may not ask for one).
      this.neonConfig.useSecureWebSocket = false;
      this.neonConfig.forceDisablePgSSL = true;
      this.neonConfig.pipelineTLS = false;
      this.neonConfig.pipelineConnect = false;
    }
  };
}
