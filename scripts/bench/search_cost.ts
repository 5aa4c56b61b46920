/**
 * The cost of a unique common-word search on 100,000 pitches, for this tree and, with
 * `--before <git rev>`, for an earlier commit, in one run over one database: the earlier tree is
 * extracted with `git archive` into a temporary directory, and both are measured alike.
 *
 *   deno run -A scripts/bench/search_cost.ts --before HEAD~3
 *
 * 1. A scratch `pitchey_search_*` database on BENCH_DATABASE_URL (the local server by default),
 *    migrated and loaded server-side with demo-like pitches (`loadStatements`), where every
 *    synopsis holds "learns", as `scripts/seed.ts` writes them, and "zephyr" and "quasar" are in
 *    the oldest 4% and 20% of listed pitches only: common words that a newest-first walk meets
 *    last (the worst case of a walk). Dropped at the end.
 * 2. `EXPLAIN (ANALYZE, BUFFERS)` of the exact SQL each tree's `listPitchesQuery` builds: the
 *    median server time of 5 runs after a warm-up, and the buffers the plan touched.
 * 3. Each tree's API as a subprocess over loopback, anonymous `GET /v1/pitches?q=` with a unique
 *    string per request (stop words and letter case vary, so every request misses the list cache
 *    while Postgres runs the same search), next to a bare `Deno.serve` measured in the same run.
 *
 * Also: BENCH_PITCHES (100000), BENCH_CONNECTIONS (16), BENCH_SECONDS (10), BENCH_CLIENT.
 */
// @ts-types="npm:@types/pg@8.15.6"
import pg from "pg";
import { openDatabase } from "../../src/deps.ts";
import { admin } from "../../tests/support/test_database.ts";
import { loadAverage, positive, printRows, startServer } from "./bench_servers.ts";
import { type LoadClient, type LoadResult, runLoad } from "./load_generator.ts";
import { EXPLAINED, explainMedian, loadStatements, uniqueSearch } from "./search_cost_support.ts";

const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const PITCHES = positive("BENCH_PITCHES", 100_000);
const CONNECTIONS = positive("BENCH_CONNECTIONS", 16);
const SECONDS = positive("BENCH_SECONDS", 10);
const CLIENT = (Deno.env.get("BENCH_CLIENT") ?? "socket") as LoadClient;
const serverUrl = Deno.env.get("BENCH_DATABASE_URL") ??
  "postgres://postgres@127.0.0.1:5432/postgres";
const beforeAt = Deno.args.indexOf("--before");
const beforeRev = beforeAt >= 0 ? Deno.args[beforeAt + 1] : undefined;
const name = `pitchey_search_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
const dbUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).href;

const cleanups: Array<() => Promise<unknown> | unknown> = [];
async function cleanUp() {
  while (cleanups.length > 0) await Promise.resolve(cleanups.pop()!()).catch(console.error);
}
Deno.addSignalListener("SIGINT", () => void cleanUp().finally(() => Deno.exit(130)));

try {
  const trees: Array<[string, string]> = [];
  if (beforeRev) trees.push([`before (${beforeRev})`, await extract(beforeRev)]);
  trees.push(["after (this tree)", ROOT]);
  await admin(serverUrl, `create database ${name}`);
  cleanups.push(() => admin(serverUrl, `drop database if exists ${name} with (force)`));
  await seed();
  console.log(`Search cost: Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores`);
  console.log(`database: ${PITCHES} pitches in ${name} (${serverUrl.replace(/\/[^/]*$/, "")})`);
  console.log(`machine:  load average ${loadAverage()} at the start`);

  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  cleanups.push(() => client.end());
  for (const q of new Set(EXPLAINED.map(([, query]) => query.q))) {
    const { rows: [row] } = await client.query(
      `select count(*)::int as n from pitches where status = 'published' and visibility = 'public'
       and deleted_at is null and search @@ websearch_to_tsquery('english', $1)`,
      [q],
    );
    console.log(`matches:  "${q}" ${row.n} listed pitches`);
  }
  console.log();
  const rows: Array<[string, LoadResult]> = [];
  const bare = await start("bare", ROOT, ["--allow-net", "scripts/bench/bare_server.ts"], "/");
  rows.push(["bare Deno.serve GET / (first)", await load(bare.origin, () => "/")]);
  for (const [label, root] of trees) {
    console.log(`=== ${label}: EXPLAIN ANALYZE, median of 5 (ms server time, buffers)`);
    // Each tree's own query builder, so "before" explains exactly the SQL it ran.
    const { listPitchesQuery } = await import(`file://${root}src/services/pitches/list_pitches.ts`);
    const database = await openDatabase({ driver: "tcp", url: dbUrl, poolMax: 1 });
    for (const [scenario, query] of EXPLAINED) {
      const { sql, params } = listPitchesQuery(database.db, query).toSQL();
      const { ms, buffers, workers } = await explainMedian(client, sql, params);
      console.log(
        `  ${scenario.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms ${
          String(buffers).padStart(7)
        } buffers${workers ? `, ${workers} parallel workers` : ""}`,
      );
    }
    await database.close();
    const api = await start(label, root, ["-A", "src/main.ts"], "/health", {
      LOG_LEVEL: "error",
      DATABASE_URL: dbUrl,
      DATABASE_DRIVER: "tcp",
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1000000",
      RATE_LIMIT_SEARCH_PER_MINUTE: "1000000",
    });
    rows.push([`${label}: unique search "learns"`, await load(api.origin, uniqueSearch)]);
    await api.stop();
  }
  rows.push(["bare Deno.serve GET / (last)", await load(bare.origin, () => "/")]);
  console.log(
    `\n=== HTTP: ${CONNECTIONS} connections, ${SECONDS} s each after a 1 s warm-up, ${CLIENT}`,
  );
  const head = ["scenario", "req/s", "p50 ms", "p99 ms", "x bare", "requests", "non-2xx"];
  printRows(rows, head, [46, 9, 9, 9, 8, 9, 8], (label, r, xBare) => [
    label,
    r.perSecond.toFixed(1),
    r.p50Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    xBare.toFixed(5),
    String(r.requests),
    String(r.failed),
  ]);
  console.log(`load average at the end: ${loadAverage()}`);
} finally {
  await cleanUp();
}

function load(origin: string, path: (i: number) => string): Promise<LoadResult> {
  return runLoad({
    origin,
    path,
    client: CLIENT,
    connections: CONNECTIONS,
    seconds: SECONDS,
    warmupSeconds: 1,
  });
}

async function start(
  label: string,
  root: string,
  args: string[],
  probe: string,
  env: Record<string, string> = {},
) {
  const server = await startServer({ root, label, args, probe, env, portAsArg: label === "bare" });
  cleanups.push(() => server.stop());
  return server;
}

/** `git archive <rev>` of this repository, unpacked into a temporary directory. */
async function extract(rev: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "pitchey_before_" });
  cleanups.push(() => Deno.remove(dir, { recursive: true }));
  const archive = await new Deno.Command("git", { args: ["archive", rev], cwd: ROOT }).output();
  if (!archive.success) {
    throw new Error(`git archive ${rev}: ${new TextDecoder().decode(archive.stderr)}`);
  }
  const tar = new Deno.Command("tar", { args: ["-x", "-C", dir], stdin: "piped" }).spawn();
  const writer = tar.stdin.getWriter();
  await writer.write(archive.stdout);
  await writer.close();
  if (!(await tar.status).success) throw new Error(`Could not unpack ${rev}`);
  return `${dir}/`;
}

async function seed(): Promise<void> {
  const database = await openDatabase({ driver: "tcp", url: dbUrl, poolMax: 1 });
  await database.migrate();
  await database.close();
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    for (const statement of loadStatements(PITCHES)) {
      const started = performance.now();
      await client.query(statement);
      const label = statement.trim().split("\n")[0]!.slice(0, 48);
      console.error(`${label} ... ${Math.round(performance.now() - started)} ms`);
    }
  } finally {
    await client.end();
  }
}
