/**
 * Redis calls per cached request, rate limiting included: N requests through the app (in process,
 * `app.request`) with Redis behind the loopback Upstash REST fake, counting every call the process
 * makes (`processCalls`: the rate limiter's writes, cache fills, invalidation polls, final flush).
 * Each scenario runs twice on the same app: every policy exact (`RATE_LIMIT_LOCAL_OVERSHOOT_PERCENT`
 * = 0, what every request cost before the batched limiter) and with the defaults (local budgets).
 * A warm-up pass fills the caches first; every client stays under its limit.
 *
 *   deno run -A scripts/bench/rate_limit_calls.ts
 *
 * Also: BENCH_REDIS_URL (redis://127.0.0.1:6379), BENCH_CONCURRENCY (32), BENCH_CACHE_TIMEOUT_MS
 * (5000). The "warnings" column should read 0: a warning is a Redis call that failed or timed out.
 */
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/load_config.ts";
import { DEFAULT_TUNING } from "../../src/config/types.ts";
import { createJsonLogger } from "../../src/adapters/logger/json_logger.ts";
import { buildRateLimiter, closeDeps, createDeps } from "../../src/deps.ts";
import { type CallCounts, processCalls } from "../../src/lib/timing.ts";
import { startUpstashRestFake } from "../../tests/support/fakes/upstash_rest_fake.ts";
import { deleteKeys, positive } from "./bench_servers.ts";

const REDIS_URL = Deno.env.get("BENCH_REDIS_URL") ?? "redis://127.0.0.1:6379";
const CONCURRENCY = positive("BENCH_CONCURRENCY", 32);
const TOKEN = "bench-token";
const PREFIX = `bench_rl_${crypto.randomUUID().slice(0, 8)}:`;

const fake = await startUpstashRestFake({ redisUrl: REDIS_URL, token: TOKEN });
const dataDir = await Deno.makeTempDir({ prefix: "pitchey_bench_rl_" });
const config = loadConfig({
  UPSTASH_REDIS_REST_URL: fake.url,
  UPSTASH_REDIS_REST_TOKEN: TOKEN,
  APP_SECRET: "bench-secret-".padEnd(40, "x"),
  PGLITE_DATA_DIR: dataDir,
  PASSWORD_PBKDF2_ITERATIONS: "100000",
  CACHE_KEY_PREFIX: PREFIX,
  // PGlite runs in this thread: while it works, replies wait, and a 250 ms timeout would turn a
  // loaded run into a Redis outage (fallbacks, no Redis calls), which is not what is measured.
  CACHE_TIMEOUT_MS: Deno.env.get("BENCH_CACHE_TIMEOUT_MS") ?? "5000",
  LOG_LEVEL: "error",
});
console.log("building the app (PGlite migrates)...");
// Warnings are counted, not printed: a limiter falling back to per-instance counts shows there.
let warnings = 0;
const messages = new Map<string, number>();
const logger = createJsonLogger({
  level: "warn",
  write: (line) => {
    warnings++;
    const { message } = JSON.parse(line) as { message: string };
    messages.set(message, (messages.get(message) ?? 0) + 1);
  },
});
const deps = await createDeps(config, { logger });
const app = createApp(deps);
const from = (ip: string) => ({ remoteAddr: { hostname: ip, port: 40000, transport: "tcp" } });

console.log("signing up 100 users...");
const tokens: string[] = [];
for (let i = 0; i < 100; i++) {
  const response = await app.request("/v1/auth/signup", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: `bench-${i}-${PREFIX.slice(9, 17)}@example.com`,
      password: `correct horse battery ${i}`,
      name: `Bench ${i}`,
      role: "creator",
    }),
  }, from(`198.18.${Math.floor(i / 200)}.${i % 200}`));
  if (response.status !== 201) throw new Error(`Sign-up ${i}: ${await response.text()}`);
  tokens.push(((await response.json()) as { session: { token: string } }).session.token);
}

interface Scenario {
  name: string;
  /** Requests of one pass; request `i` of it is sent by `send(i)`. */
  warm: number;
  measured: number;
  send: (i: number) => Response | Promise<Response>;
}

const scenarios: Scenario[] = [
  {
    name: "anonymous GET /v1/pitches, 50 addresses",
    warm: 50 * 20,
    measured: 50 * 100,
    send: (i) => app.request("/v1/pitches", {}, from(`203.0.113.${i % 50}`)),
  },
  {
    name: "signed-in GET /v1/pitches, 100 free users",
    warm: 100 * 5,
    measured: 100 * 50,
    send: (i) =>
      app.request("/v1/pitches", {
        headers: { authorization: `Bearer ${tokens[i % 100]}` },
      }, from("192.0.2.1")),
  },
  {
    name: "anonymous GET /v1/pitches, 1 address (290 of its 300)",
    warm: 10,
    measured: 280,
    send: () => app.request("/v1/pitches", {}, from("203.0.113.250")),
  },
];

async function pass(count: number, send: Scenario["send"]): Promise<number> {
  let next = 0;
  let refused = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      const response = await send(next++);
      if (response.status === 429) refused++;
      else if (response.status !== 200) {
        throw new Error(`${response.status}: ${await response.text()}`);
      }
      await response.body?.cancel();
    }
  }));
  return refused;
}

const snapshot = (): CallCounts => ({ ...processCalls });
const rows: string[][] = [];
for (const [mode, overshoot] of [["exact (before)", 0], ["local (after)", 10]] as const) {
  for (const scenario of scenarios) {
    // A limiter of its own per run, on keys of its own, so runs do not share counts.
    const tag = `${overshoot}_${scenarios.indexOf(scenario)}`;
    deps.rateLimiter = buildRateLimiter(
      { ...config.cache, keyPrefix: `${PREFIX}${tag}:` } as typeof config.cache,
      deps,
      { ...DEFAULT_TUNING, rateLimitOvershootPercent: overshoot },
    );
    await pass(scenario.warm, scenario.send);
    await deps.rateLimiter.flush();
    const before = snapshot();
    const warned = warnings;
    const started = performance.now();
    const refused = await pass(scenario.measured, scenario.send);
    await deps.rateLimiter.flush();
    const ms = performance.now() - started;
    const after = snapshot();
    const redis = after.redisRead + after.redisWrite - before.redisRead - before.redisWrite;
    rows.push([
      mode,
      scenario.name,
      String(scenario.measured),
      String(refused),
      (redis / scenario.measured).toFixed(3),
      ((after.redisWrite - before.redisWrite) / scenario.measured).toFixed(3),
      ((after.sql - before.sql) / scenario.measured).toFixed(3),
      (scenario.measured / (ms / 1000)).toFixed(0),
      String(warnings - warned),
    ]);
  }
}

const header = [
  "limiter",
  "scenario",
  "requests",
  "429s",
  "redis/req",
  "writes/req",
  "sql/req",
  "req/s",
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const row of [header, ...rows]) {
  console.log(row.map((c, i) => c.padEnd(widths[i]!)).join("  "));
}
console.log(`concurrency ${CONCURRENCY}; Redis calls counted in process, the final flush included`);
for (const [message, count] of messages) console.log(`warning x${count}: ${message}`);

await closeDeps(deps);
await deleteKeys(REDIS_URL, `${PREFIX}*`);
await fake.close();
await Deno.remove(dataDir, { recursive: true });
