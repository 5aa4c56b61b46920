import assert from "node:assert/strict";
import { DrizzleQueryError, eq, sql } from "drizzle-orm";
// @ts-types="npm:@types/pg@8.15.6"
import pg from "pg";
import { createNeonDatabase } from "../../src/db/clients/neon.ts";
import type { Database } from "../../src/db/database.ts";
import { processedJobs } from "../../src/db/schema.ts";
import { type NeonWsRelay, startNeonWsRelay } from "../support/fakes/neon_ws_relay.ts";

// CI sets this to the local server; without it there is no Postgres to relay to.
const adminUrl = Deno.env.get("TEST_DATABASE_URL");

Deno.test({
  name: "neon driver runs migrations, queries and transactions through a wsproxy relay",
  ignore: adminUrl === undefined,
  async fn(t) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const name = `pitchey_neon_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    await admin.query(`create database "${name}"`);
    let relay: NeonWsRelay | undefined;
    let database: Database | undefined;
    try {
      const url = new URL(adminUrl!);
      url.pathname = `/${name}`;
      relay = await startNeonWsRelay();
      database = createNeonDatabase({ url: url.href, poolMax: 4, wsProxy: relay.wsProxy });
      const { db } = database;
      assert.equal(database.driver, "neon");

      await t.step("migrate applies migrations/ and ping answers", async () => {
        await database!.migrate();
        await database!.ping();
        const tables = await db.execute(
          sql`select to_regclass('public.processed_jobs')::text as name`,
        );
        assert.equal(rowsOf<{ name: string }>(tables)[0]?.name, "processed_jobs");
      });

      await t.step("insert then select returns the row with a Date", async () => {
        await db.insert(processedJobs).values({ messageId: "m_plain", jobName: "send_email" });
        const rows = await db.select().from(processedJobs)
          .where(eq(processedJobs.messageId, "m_plain"));
        assert.equal(rows.length, 1, JSON.stringify(rows));
        assert.equal(rows[0]?.jobName, "send_email");
        assert.ok(rows[0]?.processedAt instanceof Date, JSON.stringify(rows));
      });

      await t.step("a transaction that returns commits its writes", async () => {
        const result = await db.transaction(async (tx) => {
          await tx.insert(processedJobs).values({ messageId: "m_commit", jobName: "a" });
          await tx.insert(processedJobs).values({ messageId: "m_commit_2", jobName: "b" });
          return "done";
        });
        assert.equal(result, "done");
        const rows = await db.select({ id: processedJobs.messageId }).from(processedJobs)
          .where(sql`${processedJobs.messageId} like 'm_commit%'`);
        assert.deepEqual(rows.map((r) => r.id).sort(), ["m_commit", "m_commit_2"]);
      });

      await t.step("a transaction that throws rolls back", async () => {
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.insert(processedJobs).values({ messageId: "m_rollback", jobName: "a" });
            throw new Error("Abort the transaction");
          }),
          { message: "Abort the transaction" },
        );
        const rows = await db.select().from(processedJobs)
          .where(eq(processedJobs.messageId, "m_rollback"));
        assert.deepEqual(rows, []);
      });

      await t.step("a unique violation surfaces Postgres code 23505 on the cause", async () => {
        await assert.rejects(
          db.insert(processedJobs).values({ messageId: "m_plain", jobName: "again" }),
          (error: unknown) => {
            // drizzle 0.45 wraps driver errors; the Postgres fields live on `cause`.
            assert.ok(error instanceof DrizzleQueryError, String(error));
            assert.equal((error as { code?: unknown }).code, undefined);
            const cause = error.cause as { code?: string; constraint?: string };
            assert.equal(cause.code, "23505", String(cause));
            assert.equal(cause.constraint, "processed_jobs_pkey");
            return true;
          },
        );
      });

      await t.step("20 parallel selects through a pool of 4 all succeed", async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => db.execute(sql`select ${i}::int as n`)),
        );
        const numbers = results.map((result) => rowsOf<{ n: number }>(result)[0]?.n);
        assert.deepEqual(numbers, Array.from({ length: 20 }, (_, i) => i));
      });

      await t.step("the relay refuses a non-loopback target with 403", async () => {
        const response = await fetch(`http://${relay!.wsProxy}/v2?address=example.com:5432`);
        const body = await response.text();
        assert.equal(response.status, 403, body);
      });

      await t.step("every connection went through the relay, reused by the pool", () => {
        assert.ok(relay!.connections >= 1, `connections: ${relay!.connections}`);
        // Pool max 4, plus one replacement: pg-pool destroys the client whose pooled query failed
        // (the unique violation above) instead of returning it to the pool.
        assert.ok(relay!.connections <= 5, `connections: ${relay!.connections}`);
      });
    } finally {
      await database?.close();
      await relay?.close();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  },
});

/** `Db` is driver-neutral, so `execute` is typed `unknown`; Neon's Pool returns pg's QueryResult. */
function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
