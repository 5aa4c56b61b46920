import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { createTcpDatabase } from "../../src/db/clients/tcp.ts";
import { withTimings } from "../../src/lib/timing.ts";

const url = Deno.env.get("TEST_DATABASE_URL");

Deno.test("a query that waits for a pooled client is timed for its own request", {
  ignore: !url,
}, async () => {
  // drizzle queries are lazy: they must be awaited inside the timing context to run in it.
  // One connection: the second request's query has to wait for the first to release it.
  const database = createTcpDatabase({ url: url!, poolMax: 1 });
  try {
    const first = withTimings(async () => await database.db.execute(sql`select pg_sleep(0.05)`));
    const second = withTimings(async () => await database.db.execute(sql`select 1`));
    await Promise.all([first.result, second.result]);
    assert.equal(first.timings.totals.get("db")?.count, 1, "the first request made one query");
    assert.equal(
      second.timings.totals.get("db")?.count,
      1,
      "the waiting query is charged to the request that made it, not to the one that freed the client",
    );
  } finally {
    await database.close();
  }
});
