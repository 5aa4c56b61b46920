/**
 * Pitch reads over HTTP on loopback, each next to a bare Deno.serve JSON handler measured in the
 * same run (the ratio is the figure that counts): a cached read, uncached reads, a list page and
 * search. The API and the bare handler run as subprocesses, so neither shares a thread with the
 * load generator. Data: a fresh PGlite directory, or a scratch `pitchey_bench_*` database on the
 * server at BENCH_DATABASE_URL (TCP driver, dropped at the end); both seeded by `scripts/seed.ts`.
 * BENCH_REDIS_URL adds the Redis tier through the loopback Upstash REST front.
 *
 *   deno run -A scripts/bench/http_pitches.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     BENCH_REDIS_URL=redis://127.0.0.1:6379 deno run -A scripts/bench/http_pitches.ts
 *
 * Also: BENCH_CONNECTIONS (32), BENCH_SECONDS (5), BENCH_CLIENT (socket | fetch, see
 * load_generator.ts), BENCH_PITCHES (10000).
 */
import { startUpstashRestFake } from "../../tests/support/fakes/upstash_rest_fake.ts";
import { admin } from "../../tests/support/test_database.ts";
import {
  childEnv,
  deleteKeys,
  loadAverage,
  positive,
  printRows,
  startServer,
} from "./bench_servers.ts";
import { type LoadClient, type LoadOptions, type LoadResult, runLoad } from "./load_generator.ts";

const CONNECTIONS = positive("BENCH_CONNECTIONS", 32);
const SECONDS = positive("BENCH_SECONDS", 5);
const PITCHES = positive("BENCH_PITCHES", 10_000);
const WARMUP_SECONDS = 1;
const CLIENT = (Deno.env.get("BENCH_CLIENT") ?? "socket") as LoadClient;
if (CLIENT !== "socket" && CLIENT !== "fetch") throw new Error(`BENCH_CLIENT "${CLIENT}"?`);
const dbUrl = Deno.env.get("BENCH_DATABASE_URL");
const redisUrl = Deno.env.get("BENCH_REDIS_URL");
const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const RUN_ID = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
const QUERIES = [
  "heist",
  "lighthouse",
  "harbor",
  "signal",
  "orchard",
  "kingdom",
  "frontier",
  "echo",
];
/** Words the english text-search configuration drops ("or" is left out: it is an operator). */
const STOP_WORDS = (
  "the a an of at by for with about into through during before after above below to from up " +
  "down in out on off over under again further then once here there"
).split(" ");
/** Distinct strings `uniqueQuery` makes: the shortest word has 2^4 spellings. */
const UNIQUE_QUERIES = QUERIES.length * STOP_WORDS.length ** 2 *
  2 ** Math.min(...QUERIES.map((word) => word.length));

/** Cleanup steps, run last-in first-out whatever happens. */
const cleanups: Array<() => Promise<unknown> | unknown> = [];
async function cleanUp() {
  while (cleanups.length > 0) await Promise.resolve(cleanups.pop()!()).catch(console.error);
}
Deno.addSignalListener("SIGINT", () => void cleanUp().finally(() => Deno.exit(130)));

try {
  const dbEnv = await prepareDatabase();
  const cacheEnv = await prepareCache();
  console.log(
    `HTTP pitch reads on loopback: Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores`,
  );
  console.log(`machine:  load average ${loadAverage()} (1, 5, 15 min) at the start`);
  console.log(`database: ${dbEnv.kind}`);
  console.log(`cache:    ${cacheEnv.kind}`);
  console.log(
    `load:     ${CONNECTIONS} keep-alive connections, ${SECONDS} s per scenario after a ` +
      `${WARMUP_SECONDS} s warm-up, ${CLIENT} client (bench process; servers are subprocesses)`,
  );
  const bare = await start("bare", ["--allow-net", "scripts/bench/bare_server.ts"], "/", {});
  const api = await start("api", ["-A", "src/main.ts"], "/health", {
    LOG_LEVEL: "error",
    // The whole load comes from one address: lift the anonymous limit (the limiter still runs,
    // so its cost is part of every figure).
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1000000",
    ...dbEnv.env,
    ...cacheEnv.env,
  });
  const { ids, total } = await publicPitchIds(api);
  const [hot, ...cold] = ids;
  if (!hot) throw new Error("The seeded catalogue lists no public pitch");
  console.log(`ids:      ${ids.length} published public pitches listed (${total} requests)\n`);

  const load = (origin: string, path: LoadOptions["path"], maxRequests?: number) =>
    runLoad({
      origin,
      path,
      maxRequests,
      client: CLIENT,
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
    });
  const rows: Array<[string, LoadResult]> = [];
  const run = async (label: string, result: Promise<LoadResult>) => {
    rows.push([label, await result]);
    console.error(`  done: ${label}`);
  };
  await run("bare Deno.serve GET / (first)", load(bare, () => "/"));
  // The API's cheapest route: what its middleware stack costs before any pitch work.
  await run("API GET /health (middleware only)", load(api, () => "/health"));
  await run("pitch by id, cached (1 id)", load(api, () => `/v1/pitches/${hot}`));
  await run(
    `pitch by id, uncached (${cold.length} ids once)`,
    load(api, (i) => `/v1/pitches/${cold[i]}`, cold.length),
  );
  await run("list GET /v1/pitches?limit=20", load(api, () => "/v1/pitches?limit=20"));
  await run(
    `search ?q= ${QUERIES.length} words, cycled`,
    load(api, (i) => `/v1/pitches?q=${QUERIES[i % QUERIES.length]}`),
  );
  await run(
    "search ?q= unique per request",
    load(api, (i) => `/v1/pitches?q=${uniqueQuery(i)}`, UNIQUE_QUERIES),
  );
  await run("bare Deno.serve GET / (last)", load(bare, () => "/"));
  printTable(rows);
} finally {
  await cleanUp();
}

/** A fresh seeded database; the env that points the API at it. */
async function prepareDatabase(): Promise<{ kind: string; env: Record<string, string> }> {
  if (dbUrl) {
    const name = `pitchey_bench_${RUN_ID}`;
    await admin(dbUrl, `create database ${name}`);
    cleanups.push(() => admin(dbUrl, `drop database if exists ${name} with (force)`));
    const url = new URL(dbUrl);
    url.pathname = `/${name}`;
    const env = { DATABASE_URL: url.href, DATABASE_DRIVER: "tcp" };
    await seed(env);
    return {
      kind: `PostgreSQL over TCP (node-postgres, pool of 10), scratch database ${name}`,
      env,
    };
  }
  const dir = await Deno.makeTempDir({ prefix: "pitchey_bench_" });
  cleanups.push(() => Deno.remove(dir, { recursive: true }));
  const env = { PGLITE_DATA_DIR: dir, DATABASE_DRIVER: "pglite" };
  await seed(env);
  return { kind: "PGlite (embedded in the API process), fresh data directory", env };
}

async function seed(env: Record<string, string>): Promise<void> {
  console.error(`Seeding ${PITCHES} pitches...`);
  const started = performance.now();
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/seed.ts", "--pitches", String(PITCHES)],
    cwd: ROOT,
    env: childEnv(env),
    clearEnv: true,
    stdin: "null",
  }).output();
  if (!output.success) {
    throw new Error(`Seeding failed:\n${new TextDecoder().decode(output.stderr)}`);
  }
  console.error(`Seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The Redis tier through the loopback Upstash REST front, under a key prefix of this run. */
async function prepareCache(): Promise<{ kind: string; env: Record<string, string> }> {
  if (!redisUrl) return { kind: "memory tier only (no Redis)", env: {} };
  const token = `bench-${RUN_ID}`;
  const fake = await startUpstashRestFake({ redisUrl, token });
  cleanups.push(() => fake.close());
  const prefix = `pitchey_bench_${RUN_ID}:`;
  cleanups.push(() => deleteKeys(redisUrl, prefix));
  return {
    kind: `memory tier + Redis (${redisUrl}) via the loopback Upstash REST front ` +
      "in the bench process",
    env: {
      UPSTASH_REDIS_REST_URL: fake.url,
      UPSTASH_REDIS_REST_TOKEN: token,
      APP_SECRET: "bench-app-secret-0123456789abcdefghij",
      CACHE_KEY_PREFIX: prefix,
    },
  };
}

/** Starts a subprocess server (see `bench_servers.ts`), stopped at clean-up; returns its origin. */
async function start(
  label: string,
  args: string[],
  probe: string,
  env: Record<string, string>,
): Promise<string> {
  const server = await startServer({
    root: ROOT,
    label,
    args,
    probe,
    env,
    portAsArg: label === "bare",
  });
  cleanups.push(() => server.stop());
  return server.origin;
}

/** Pages through the anonymous list (which only holds published public pitches). */
async function publicPitchIds(origin: string): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total = 0;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const response = await fetch(`${origin}/v1/pitches?limit=100${query}`);
    const body = await response.json();
    total++;
    if (!response.ok) {
      throw new Error(`GET /v1/pitches: ${response.status} ${JSON.stringify(body)}`);
    }
    const page = body as { items: { id: string; status: string; visibility: string }[] };
    for (const item of page.items) {
      if (item.status === "published" && item.visibility === "public") ids.push(item.id);
    }
    cursor = body.nextCursor;
  } while (cursor);
  return { ids, total };
}

/**
 * Request `i` of the unique-search scenario: one of QUERIES behind two English stop words, then in
 * a mixed-case spelling once the stop-word pairs run out. Every string is a new list-cache key
 * (the cache keys on `q` as sent), while `websearch_to_tsquery('english', ...)` drops the stop
 * words and folds case, so Postgres runs exactly the search of the cycled scenario.
 */
function uniqueQuery(i: number): string {
  const word = QUERIES[i % QUERIES.length]!;
  const j = Math.floor(i / QUERIES.length);
  const pair = j % STOP_WORDS.length ** 2;
  const mask = Math.floor(j / STOP_WORDS.length ** 2);
  const spelled = [...word].map((ch, k) => (mask >> k) & 1 ? ch.toUpperCase() : ch).join("");
  const first = STOP_WORDS[pair % STOP_WORDS.length];
  const second = STOP_WORDS[Math.floor(pair / STOP_WORDS.length)];
  return encodeURIComponent(`${first} ${second} ${spelled}`);
}

function printTable(rows: Array<[string, LoadResult]>) {
  const head = ["scenario", "req/s", "p50 ms", "p99 ms", "x bare", "requests", "db hit", "non-2xx"];
  const widths = [42, 9, 8, 8, 7, 9, 7, 8];
  const { baseline, drift } = printRows(rows, head, widths, (label, r, xBare) => [
    label,
    r.perSecond.toFixed(0),
    r.p50Ms.toFixed(2),
    r.p99Ms.toFixed(2),
    xBare.toFixed(3),
    String(r.requests),
    `${(r.databaseTouched / Math.max(1, r.requests) * 100).toFixed(0)}%`,
    String(r.failed),
  ]);
  console.log(
    `\nx bare: against the mean of the two bare runs (${baseline.toFixed(0)} req/s; they differ ` +
      `by ${drift.toFixed(1)}%).\ndb hit: responses whose Server-Timing shows a database call ` +
      "(a floor: on the TCP driver a query that waited for a pooled client is not counted).",
  );
  console.log(`load average at the end: ${loadAverage()}`);
  for (const [label, r] of rows) {
    if (r.failed > 0) console.log(`WARNING: ${r.failed} non-2xx or failed requests in "${label}"`);
  }
}
