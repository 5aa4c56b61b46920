import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
// @ts-types="npm:@types/pg@8.15.6"
import pg from "pg";
import { loadConfig } from "../../src/config/load_config.ts";
import { createTcpDatabase } from "../../src/db/clients/tcp.ts";
import { openDatabase } from "../../src/deps.ts";
import type { Database, Db } from "../../src/db/database.ts";
import * as schema from "../../src/db/schema.ts";
import { withReplica } from "../../src/db/with_replica.ts";
import { READ_YOUR_WRITES_MS } from "../../src/http/middleware/read_your_writes.ts";
import { bearer, signUpUser } from "../support/accounts.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { admin } from "../support/test_database.ts";
import { DEFAULT_TUNING } from "../../src/config/types.ts";

const adminUrl = Deno.env.get("TEST_DATABASE_URL");

/** A migrated, empty database on the local server; `url` reaches it, `drop` removes it. */
async function freshDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `pitchey_replica_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await admin(base, `create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const migrator = createTcpDatabase({ url: url.href, poolMax: 1 });
  await migrator.migrate();
  await migrator.close();
  return { url: url.href, drop: () => admin(base, `drop database if exists ${name} with (force)`) };
}

/** The production TCP driver's pool, plus a count of the queries it ran. */
function countingDatabase(url: string): Database & { queries: () => number } {
  let count = 0;
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on("connect", (client: pg.PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      count++;
      return query(...args);
    }) as typeof client.query;
  });
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  return {
    driver: "tcp",
    db,
    readDb: db,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    migrate: () => Promise.resolve(),
    close: () => pool.end(),
    queries: () => count,
  };
}

/** Runs `send` and returns its status, body and how many queries each pool ran meanwhile. */
async function measure(
  pools: { primary: { queries: () => number }; replica: { queries: () => number } },
  send: () => Response | Promise<Response>,
) {
  const before = { primary: pools.primary.queries(), replica: pools.replica.queries() };
  const response = await send();
  const body = await response.text();
  return {
    status: response.status,
    body,
    primary: pools.primary.queries() - before.primary,
    replica: pools.replica.queries() - before.replica,
  };
}

Deno.test({
  name: "DATABASE_READ_URL serves hot reads from the replica, and writers read their writes",
  ignore: !adminUrl,
  async fn(t) {
    // The replica is a separate, empty database: a replica that has not caught up at all. A read
    // served from it finds nothing, so every answer below shows which pool served it.
    const primaryDb = await freshDatabase(adminUrl!);
    const replicaDb = await freshDatabase(adminUrl!);
    const primary = countingDatabase(primaryDb.url);
    const replica = countingDatabase(replicaDb.url);
    const pools = { primary, replica };
    let h: Harness | undefined;
    try {
      h = await createHarness({ database: withReplica(primary, replica) });
      const app = h.app;
      const creator = await signUpUser(h);
      const pitch = await createPitch(h, creator.token);

      await t.step(
        "a writer reads their new pitch from the primary within the window",
        async () => {
          const read = await measure(
            pools,
            () => app.request(`/v1/pitches/${pitch.id}`, bearer(creator.token)),
          );
          assert.equal(read.status, 200, read.body);
          assert.equal(read.replica, 0, `replica queries: ${JSON.stringify(read)}`);
          assert.ok(read.primary >= 1, `primary queries: ${JSON.stringify(read)}`);
        },
      );

      h.clock.advance(READ_YOUR_WRITES_MS + 1_000);

      await t.step("after the window the same owner read comes from memory", async () => {
        // The owner cache is loaded from the primary only (a replica-filled copy could predate
        // the owner's write), and the read above filled it: no pool is asked. First the instance
        // catches up with the invalidation log, as a live one does every poll interval: on the
        // frozen test clock a poll that timed out (a loaded machine, TEST_REDIS_URL) is retried
        // only when the clock moves, and until then the principal loads from the primary.
        for (let i = 0; i < 3; i++) {
          h!.clock.advance(DEFAULT_TUNING.invalidationPollMs + 100);
          const me = await app.request("/v1/me", bearer(creator.token));
          await me.body?.cancel();
        }
        const read = await measure(
          pools,
          () => app.request(`/v1/pitches/${pitch.id}`, bearer(creator.token)),
        );
        assert.equal(read.status, 200, read.body);
        assert.deepEqual({ primary: read.primary, replica: read.replica }, {
          primary: 0,
          replica: 0,
        });
      });

      await t.step("anonymous profile and list reads go to the replica", async () => {
        // The session touches the step above wrote behind (one per clock jump) go to the
        // primary; on a loaded machine they can land inside the measured request and be counted
        // as its queries. They are not this read's: let them finish first.
        await h!.deps.background.drain();
        const profile = await measure(pools, () => app.request(`/v1/users/${creator.id}`));
        assert.equal(profile.status, 404, profile.body);
        assert.equal(profile.primary, 0, `primary queries: ${JSON.stringify(profile)}`);
        assert.ok(profile.replica >= 1, `replica queries: ${JSON.stringify(profile)}`);
        const list = await measure(pools, () => app.request("/v1/pitches?genre=drama"));
        assert.equal(list.status, 200, list.body);
        assert.deepEqual(JSON.parse(list.body).items, [], list.body);
        assert.equal(list.primary, 0, `primary queries: ${JSON.stringify(list)}`);
        assert.ok(list.replica >= 1, `replica queries: ${JSON.stringify(list)}`);
      });

      await t.step("a signed-in reader's feed goes to the replica", async () => {
        const reader = await signUpUser(h!);
        const follow = await app.request(`/v1/users/${creator.id}/follow`, {
          method: "PUT",
          headers: { authorization: `Bearer ${reader.token}` },
        });
        assert.ok(follow.ok, `follow: ${follow.status} ${await follow.text()}`);
        h!.clock.advance(READ_YOUR_WRITES_MS + 1_000);
        const feed = await measure(pools, () => app.request("/v1/me/feed", bearer(reader.token)));
        assert.equal(feed.status, 200, feed.body);
        assert.deepEqual(JSON.parse(feed.body).items, [], feed.body);
        assert.ok(feed.replica >= 1, `replica queries: ${JSON.stringify(feed)}`);
      });

      await t.step("writes, sign-in and the writer's next reads use the primary", async () => {
        const edit = await measure(pools, () =>
          app.request(`/v1/pitches/${pitch.id}`, {
            method: "PATCH",
            headers: {
              authorization: `Bearer ${creator.token}`,
              "content-type": "application/json",
            },
            body: JSON.stringify({ logline: "Changed on the primary" }),
          }));
        assert.equal(edit.status, 200, edit.body);
        assert.equal(edit.replica, 0, `replica queries: ${JSON.stringify(edit)}`);
        const read = await measure(
          pools,
          () => app.request(`/v1/pitches/${pitch.id}`, bearer(creator.token)),
        );
        assert.equal(read.status, 200, read.body);
        assert.equal(JSON.parse(read.body).logline, "Changed on the primary", read.body);
        assert.equal(read.replica, 0, `replica queries: ${JSON.stringify(read)}`);
      });
    } finally {
      await h?.close();
      await primaryDb.drop();
      await replicaDb.drop();
    }
  },
});

Deno.test({
  name: "openDatabase opens a second pool for DATABASE_READ_URL and closes both",
  ignore: !adminUrl,
  async fn() {
    const config = loadConfig({
      DATABASE_URL: adminUrl,
      DATABASE_DRIVER: "tcp",
      DATABASE_READ_URL: adminUrl,
    });
    const database = await openDatabase(config.database);
    try {
      assert.notEqual(database.readDb, database.db, "readDb must be the replica's handle");
      const result = await database.readDb.execute(sql`select 1 as one`) as { rows: unknown[] };
      assert.deepEqual(result.rows, [{ one: 1 }], JSON.stringify(result.rows));
      await database.ping();
    } finally {
      await database.close();
    }
  },
});
