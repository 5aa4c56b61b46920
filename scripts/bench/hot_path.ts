/**
 * `deno task bench`: the edge hot path (issue 13), every row next to a bare `Deno.serve` JSON
 * handler measured in the same run (first and last). Load comes from `wrk` in its own process,
 * pinned to CPU 0 while each server runs alone on CPU 1 (when `taskset` and two CPUs exist). SQL
 * and Redis calls per request are read from the server's own counters (`GET /metrics`) before and
 * after each measured run. Two API configurations: the memory cache only, and the production shape
 * (memory tier + Redis through the loopback Upstash REST front, `upstash_front.ts`, own process).
 *
 *   deno task bench [--seconds 10] [--warmup 3] [--connections 64] [--db auto|tcp|pglite]
 *     [--cache memory,redis] [--scenarios health,pitch,list,me,check,entitlements,pitch-bearer]
 *     [--users 2000] [--pitches 2000] [--think-ms N]
 *
 * `--db auto` uses a scratch database on BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/
 * postgres) when it answers, else PGlite (not the figure to quote). BENCH_REDIS_URL
 * (redis://127.0.0.1:6379) is the Redis behind the front. `--connections 10000` raises the
 * open-files limit of wrk and the servers. `--think-ms N` makes every connection a user who waits
 * about N ms between an answer and the next request (`--connections 10000 --think-ms 2000`: ten
 * thousand users offering about 5,000 requests a second); without it each connection sends its
 * next request at once, which at 10,000 connections measures only the queue (by Little's law the
 * mean latency is then connections / throughput, whatever the code does). The bare rows keep no
 * think time: they measure capacity.
 */
import { parseArgs } from "node:util";
import type { DatabaseConfig } from "../../src/config/types.ts";
import { admin } from "../../tests/support/test_database.ts";
import { deleteKeys, loadAverage, startServer } from "./bench_servers.ts";
import { hotPathTable, machineLines, REPLAY, type Row } from "./hot_path_report.ts";
import { seedHotPath } from "./hot_path_seed.ts";
import { canPin, launcher, requireWrk, runWrk, type WrkRequest } from "./wrk.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "64" },
    db: { type: "string", default: "auto" },
    cache: { type: "string", default: "memory,redis" },
    scenarios: { type: "string", default: "health,pitch,list,me,check,entitlements,pitch-bearer" },
    users: { type: "string", default: "2000" },
    pitches: { type: "string", default: "2000" },
    "think-ms": { type: "string" },
  },
});
const num = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number, got "${values[name]}"`);
  return n;
};
const SECONDS = num("seconds"), WARMUP = num("warmup"), CONNECTIONS = num("connections");
const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const RUN_ID = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
const ADMIN_URL = Deno.env.get("BENCH_DATABASE_URL") ??
  "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = Deno.env.get("BENCH_REDIS_URL") ?? "redis://127.0.0.1:6379";
const METRICS_TOKEN = `bench-metrics-${RUN_ID}`;
const NOFILE = CONNECTIONS > 1000 ? CONNECTIONS + 4096 : undefined;

const cleanups: Array<() => Promise<unknown> | unknown> = [];
async function cleanUp() {
  while (cleanups.length > 0) await Promise.resolve(cleanups.pop()!()).catch(console.error);
}
Deno.addSignalListener("SIGINT", () => void cleanUp().finally(() => Deno.exit(130)));

await requireWrk();
const pinned = await canPin();
const serverLauncher = launcher(pinned ? 1 : undefined, NOFILE);
const wrkOptions = {
  connections: CONNECTIONS,
  seconds: SECONDS,
  threads: pinned ? 1 : 2,
  cpu: pinned ? 0 : undefined,
  nofile: NOFILE,
  dir: await Deno.makeTempDir({ prefix: "pitchey_bench_wrk_" }),
  thinkMs: values["think-ms"] === undefined ? undefined : num("think-ms"),
};
cleanups.push(() => Deno.remove(wrkOptions.dir, { recursive: true }));

try {
  const loadStart = loadAverage();
  const db = await prepareDatabase();
  const { tokens, pitchId } = await seedHotPath({
    root: ROOT,
    env: db.env,
    database: db.config,
    pitches: num("pitches"),
    users: num("users"),
    runId: RUN_ID,
  });
  const scenarios = pickScenarios(pitchId, tokens);
  const rows: Row[] = [];
  const bare = await startServer({
    root: ROOT,
    label: "bare",
    args: ["--allow-net", "scripts/bench/bare_server.ts"],
    probe: "/",
    env: {},
    portAsArg: true,
    launcher: serverLauncher,
  });
  cleanups.push(() => bare.stop());
  const measureBare = async (label: string) => {
    const options = { ...wrkOptions, url: bare.origin, thinkMs: undefined };
    await runWrk({ path: "/" }, { ...options, seconds: WARMUP });
    rows.push({ label, result: await runWrk({ path: "/" }, options) });
    console.error(`  done: ${label}`);
  };
  await measureBare("bare Deno.serve (first)");
  const measureReplay = async (name: string, file: string) => {
    const replay = await startServer({
      root: ROOT,
      label: "replay",
      args: ["--allow-net", "--allow-read", "scripts/bench/replay_server.ts", file],
      probe: "/",
      env: {},
      portAsArg: true,
      launcher: serverLauncher,
    });
    const label = `${REPLAY} the answer of ${name}`;
    const options = { ...wrkOptions, url: replay.origin, thinkMs: undefined };
    await runWrk({ path: "/" }, { ...options, seconds: WARMUP });
    rows.push({ label, result: await runWrk({ path: "/" }, options) });
    await replay.stop();
    console.error(`  done: ${label}`);
  };
  for (const cache of values.cache.split(",")) {
    const api = await startServer({
      root: ROOT,
      label: `api-${cache}`,
      args: ["-A", "src/main.ts"],
      probe: "/health",
      env: { ...apiEnv(db.env), ...(cache === "redis" ? await redisEnv() : {}) },
      launcher: serverLauncher,
    });
    for (const [name, request] of scenarios) {
      const label = `${name} [${cache === "redis" ? "memory + Redis" : "memory"}]`;
      // Every signed-in user once before wrk's warm-up: with 2,000 users and a random token per
      // request, a short warm-up would leave first sightings (SQL and Redis fills) in the row.
      if (request.tokens) await warmEveryToken(api.origin, request);
      await runWrk(request, { ...wrkOptions, url: api.origin, seconds: WARMUP });
      const before = await scrape(api.origin);
      const result = await runWrk(request, { ...wrkOptions, url: api.origin });
      const after = await scrape(api.origin);
      // The second scrape is counted by the server as one request of its own.
      const served = Math.max(1, after.http - before.http - 1);
      rows.push({
        label,
        result,
        sql: (after.sql - before.sql) / served,
        redisRead: (after.redisRead - before.redisRead) / served,
        redisWrite: (after.redisWrite - before.redisWrite) / served,
      });
      console.error(`  done: ${label}`);
      // The ceiling for this answer's shape, measured right after it (the machine drifts), in the
      // first configuration only (the answers are alike). Not with think time: those rows measure
      // latency at an offered load, not capacity, so no share of a ceiling means anything there.
      if (cache === values.cache.split(",")[0] && wrkOptions.thinkMs === undefined) {
        await measureReplay(label, await recordAnswer(api, request));
      }
    }
    await api.stop();
  }
  await measureBare("bare Deno.serve (last)");
  const command = ["deno task bench", ...Deno.args].join(" ");
  console.log(machineLines({ pinned, loadStart, loadEnd: loadAverage(), db: db.kind, command }));
  const think = wrkOptions.thinkMs === undefined
    ? ""
    : `, each waiting ${wrkOptions.thinkMs} ms on average between requests (bare rows: none)`;
  console.log(
    `load: wrk, ${CONNECTIONS} connections${think}, ${SECONDS} s per row after ${WARMUP} s warm-up`,
  );
  console.log("");
  console.log(hotPathTable(rows));
} finally {
  await cleanUp();
}

/**
 * One answer of the API to `request` (with its first token), saved for `replay_server.ts`: status,
 * headers but those Deno writes itself (`content-length`, `date`), and body.
 */
async function recordAnswer(api: { origin: string }, request: WrkRequest): Promise<string> {
  const token = request.tokens?.[0];
  const response = await fetch(`${api.origin}${request.path}`, {
    method: request.method ?? "GET",
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(request.body ? { "content-type": "application/json" } : {}),
    },
    body: request.body,
  });
  const body = await response.text();
  const headers: [string, string][] = [];
  for (const [name, value] of response.headers) {
    if (name === "content-length" || name === "date") continue;
    // Fetch joins repeated fields with ", "; a replay sends them as one, which is how it is read.
    headers.push([name, value]);
  }
  const file = `${wrkOptions.dir}/answer-${crypto.randomUUID()}.json`;
  await Deno.writeTextFile(file, JSON.stringify({ status: response.status, headers, body }));
  return file;
}

/** `GET /metrics` of the API, parsed. */
async function scrape(origin: string) {
  const response = await fetch(`${origin}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET /metrics: ${response.status} ${text}`);
  const value = (name: string) => {
    const line = text.split("\n").find((l) => l.startsWith(`${name} `));
    return Number(line?.slice(name.length + 1) ?? NaN);
  };
  return {
    http: value("pitchey_http_requests_started_total"),
    sql: value("pitchey_db_calls_total"),
    redisRead: value('pitchey_redis_calls_total{effect="read"}'),
    redisWrite: value('pitchey_redis_calls_total{effect="write"}'),
  };
}

function pickScenarios(pitchId: string, tokens: string[]): Array<[string, WrkRequest]> {
  const all: Record<string, [string, WrkRequest]> = {
    health: ["GET /health", { path: "/health" }],
    pitch: ["GET /v1/pitches/:id anonymous", { path: `/v1/pitches/${pitchId}` }],
    list: ["GET /v1/pitches?limit=20 anonymous", { path: "/v1/pitches?limit=20" }],
    me: ["GET /v1/me bearer", { path: "/v1/me", tokens }],
    check: ["POST /v1/entitlements/check bearer", {
      method: "POST",
      path: "/v1/entitlements/check",
      body: JSON.stringify({ feature: "analytics" }),
      tokens,
    }],
    entitlements: ["GET /v1/me/entitlements bearer", { path: "/v1/me/entitlements", tokens }],
    "pitch-bearer": ["GET /v1/pitches/:id bearer", { path: `/v1/pitches/${pitchId}`, tokens }],
  };
  return values.scenarios.split(",").map((name) => {
    const scenario = all[name];
    if (!scenario) throw new Error(`Unknown scenario "${name}": ${Object.keys(all).join(", ")}`);
    return scenario;
  });
}

/** Sends `request` once with each of its tokens, 16 at a time; every answer must be a 2xx. */
async function warmEveryToken(origin: string, request: WrkRequest): Promise<void> {
  const tokens = [...(request.tokens ?? [])];
  const worker = async () => {
    for (let token = tokens.pop(); token !== undefined; token = tokens.pop()) {
      const response = await fetch(`${origin}${request.path}`, {
        method: request.method ?? "GET",
        headers: {
          authorization: `Bearer ${token}`,
          ...(request.body ? { "content-type": "application/json" } : {}),
        },
        body: request.body,
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`Warm-up ${request.path}: ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

function apiEnv(dbEnv: Record<string, string>): Record<string, string> {
  return {
    // Default logging (one line per request, LOG_LEVEL info), as the goals are stated with it.
    METRICS_TOKEN,
    // The whole load comes from one address: lift the per-address limits (the limiter still
    // runs, so its cost is in every row). Signed-in users are on the studio plan (3,000 a minute).
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1000000",
    RATE_LIMIT_AUTH_PER_MINUTE: "1000000",
    RATE_LIMIT_SEARCH_PER_MINUTE: "1000000",
    ...dbEnv,
  };
}

/** A scratch Postgres database (dropped at the end) or a fresh PGlite directory. */
async function prepareDatabase(): Promise<
  { kind: string; env: Record<string, string>; config: DatabaseConfig }
> {
  const tcp = values.db === "tcp" ||
    (values.db === "auto" && await admin(ADMIN_URL, "select 1").then(() => true, () => false));
  if (tcp) {
    const name = `pitchey_bench_${RUN_ID}`;
    await admin(ADMIN_URL, `create database ${name}`);
    cleanups.push(() => admin(ADMIN_URL, `drop database if exists ${name} with (force)`));
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    return {
      kind: `PostgreSQL over TCP (node-postgres, pool of 10), scratch database ${name}`,
      env: { DATABASE_URL: url.href, DATABASE_DRIVER: "tcp" },
      config: { driver: "tcp", url: url.href, poolMax: 10 },
    };
  }
  const dir = await Deno.makeTempDir({ prefix: "pitchey_bench_" });
  cleanups.push(() => Deno.remove(dir, { recursive: true }));
  return {
    kind: "PGlite embedded in the API process (not a figure to quote for the database path)",
    env: { PGLITE_DATA_DIR: dir, DATABASE_DRIVER: "pglite" },
    config: { driver: "pglite", dataDir: dir },
  };
}

/** Starts the Upstash REST front in its own process, once; the API env that points at it. */
async function redisEnv(): Promise<Record<string, string>> {
  const token = `bench-${RUN_ID}`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/bench/upstash_front.ts", REDIS_URL, token],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const first = await reader.read();
  const url = first.value?.split("\n")[0]?.trim();
  if (!url) throw new Error("The Upstash REST front did not print its URL");
  reader.releaseLock();
  child.stdout.cancel().catch(() => {});
  cleanups.push(async () => {
    child.kill("SIGTERM");
    await child.status;
  });
  const prefix = `pitchey_bench_${RUN_ID}:`;
  cleanups.push(() => deleteKeys(REDIS_URL, prefix));
  return {
    UPSTASH_REDIS_REST_URL: url,
    UPSTASH_REDIS_REST_TOKEN: token,
    APP_SECRET: "bench-app-secret-0123456789abcdefghij",
    CACHE_KEY_PREFIX: prefix,
  };
}
