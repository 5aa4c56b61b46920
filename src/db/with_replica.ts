import type { Database } from "./database.ts";

/**
 * The primary with a read replica beside it: `readDb` queries the replica, everything else (the
 * query handle, migrations, readiness pings) the primary. Closing closes both.
 */
export function withReplica(primary: Database, replica: Database): Database {
  return {
    driver: primary.driver,
    db: primary.db,
    readDb: replica.db,
    pools: () => [
      ...primary.pools?.() ?? [],
      ...(replica.pools?.() ?? []).map((figures) => ({ ...figures, role: "replica" as const })),
    ],
    ping: () => primary.ping(),
    migrate: () => primary.migrate(),
    close: async () => {
      await Promise.allSettled([primary.close(), replica.close()]);
    },
  };
}
