import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
// @ts-types="npm:@types/pg@8.15.6"
import pg from "pg";
import { rowsOf } from "../../src/db/raw_rows.ts";
import { isDatabaseUnavailable } from "../../src/ports/database_unavailable.ts";
import { admin, createTestDatabase } from "../support/test_database.ts";

const adminUrl = Deno.env.get("TEST_DATABASE_URL");

/**
 * Found by the fault suite (tests/faults): Postgres stopping or crashing while a transaction held
 * a pooled connection between two queries killed the whole API process. node-postgres emits
 * "error" on a client whose connection drops; the pool listens only while the client is idle, so
 * on a checked-out client the event had no listener and became an uncaught exception. Real server
 * only: PGlite has no connection to lose.
 */
Deno.test({
  name:
    "a connection lost inside a transaction fails that transaction as unavailable and leaves the process and the pool working",
  ignore: !adminUrl,
}, async () => {
  const database = await createTestDatabase();
  try {
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => resume = resolve);
    let reportPid!: (pid: number) => void;
    const backendPid = new Promise<number>((resolve) => reportPid = resolve);
    const transaction = database.db.transaction(async (tx) => {
      const result = await tx.execute(sql`select pg_backend_pid() as pid`);
      reportPid(Number(rowsOf<{ pid: number }>(result)[0]!.pid));
      // Held between two queries: the client has no query running when its connection dies.
      await paused;
      await tx.execute(sql`select 1`);
    });
    const pid = await backendPid;
    await admin(adminUrl!, `select pg_terminate_backend(${pid})`);
    await waitUntilGone(pid);
    // Let the client read the server's goodbye (FATAL 57P01, then end of stream).
    await new Promise((resolve) => setTimeout(resolve, 200));
    resume();
    await assert.rejects(transaction, (error) => {
      assert.ok(isDatabaseUnavailable(error), `not an unavailable-database error: ${error}`);
      return true;
    });
    await database.ping();
  } finally {
    await database.close();
  }
});

/** Waits until the backend `pid` has exited (it has then written its last message). */
async function waitUntilGone(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const count = await scalar(
      `select count(*)::int as n from pg_stat_activity where pid = ${pid}`,
    );
    if (count === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Backend ${pid} still running 2 s after pg_terminate_backend`);
}

async function scalar(query: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(query);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}
