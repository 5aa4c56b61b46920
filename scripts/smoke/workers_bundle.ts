/**
 * Loads the built Workers bundle (dist/workers/worker.mjs) in Deno and calls its `fetch` the way
 * the Workers runtime would: `/health`, then a database route, then the docs page and its viewer
 * (embedded in the bundle), on the Neon driver (the one a Worker uses) reaching the local Postgres
 * through the loopback wsproxy relay. Exits non-zero on any other answer. Usage:
 * `deno task smoke:workers` (after `deno task build:workers`).
 */
import { docsViewerServed } from "./docs_viewer.ts";
import { createTcpDatabase } from "../../src/db/clients/tcp.ts";
import { startNeonWsRelay } from "../../tests/support/fakes/neon_ws_relay.ts";
import { admin } from "../../tests/support/test_database.ts";

const ADMIN_URL = Deno.env.get("CI_POSTGRES_URL") ?? "postgres://postgres@127.0.0.1:5432/postgres";
const bundle = new URL("../../dist/workers/worker.mjs", import.meta.url).href;
// A fresh migrated database: a Worker never migrates (that is the deploy's job).
const name = `pitchey_workers_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
await admin(ADMIN_URL, `create database ${name}`);
const target = new URL(ADMIN_URL);
target.pathname = `/${name}`;
const PG_URL = target.href;
const migrator = createTcpDatabase({ url: PG_URL, poolMax: 1 });
await migrator.migrate();
await migrator.close();
const relay = await startNeonWsRelay();
let failed = false;
try {
  const worker = (await import(bundle)).default as {
    fetch(request: Request, env: Record<string, string>, ctx: unknown): Promise<Response>;
  };
  const env = {
    DATABASE_URL: PG_URL,
    DATABASE_DRIVER: "neon",
    NEON_WS_PROXY: relay.wsProxy,
    // Workers keep no timers between requests; schedules come from QStash there.
    SCHEDULER: "off",
    LOG_LEVEL: "warn",
  };
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (promise: Promise<unknown>) => pending.push(promise) };
  for (const path of ["/health", "/health/ready", "/v1/pitches?limit=1"]) {
    const headers = { "cf-connecting-ip": "203.0.113.7" };
    const response = await worker.fetch(
      new Request(`http://worker.test${path}`, { headers }),
      env,
      ctx,
    );
    const body = await response.text();
    console.log(`${path} -> ${response.status} ${body.slice(0, 160)}`);
    if (response.status !== 200) failed = true;
  }
  const get = (path: string) => worker.fetch(new Request(`http://worker.test${path}`), env, ctx);
  if (!await docsViewerServed(get)) failed = true;
  await Promise.allSettled(pending);
} finally {
  await relay.close();
  await admin(ADMIN_URL, `drop database if exists ${name} with (force)`);
}
console.log(failed ? "workers bundle smoke: FAILED" : "workers bundle smoke: ok");
Deno.exit(failed ? 1 : 0);
