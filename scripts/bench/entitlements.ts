/**
 * Entitlements: what `GET /v1/me/entitlements` and `POST /v1/entitlements/check` cost with the
 * entitlement in the memory tier, in Redis only and in Postgres only, and what the tiered cache
 * spends under a skewed workload.
 *
 * Part 1 (HTTP on loopback): the API as subprocesses on a scratch `pitchey_bench_*` database at
 * BENCH_DATABASE_URL, each scenario next to a bare Deno.serve handler measured in the same run
 * (bare first and last). Four API configurations:
 *   A  no Redis, memory tier 100,000 (default) -> principal and entitlements in memory
 *   B  Redis + memory tier 100,000 (production) -> principal and entitlements in memory; the
 *      rate-limit counter in Redis
 *   C  Redis + memory tier 100 (its minimum)   -> entitlements from Redis (memory evicted)
 *   D  no Redis, memory tier 100               -> principal and entitlements from Postgres
 * Redis is reached through the loopback Upstash REST fake running in this process (it counts its
 * requests). Requests cycle through BENCH_HTTP_USERS users with sessions (see the note printed).
 *
 * Part 2 (in process, no HTTP): the authenticated hot path (principal, entitlements, one
 * rate-limit unit, entitlements again) on the cache and rate limiter `buildCache` and
 * `buildRateLimiter` build for production (memory tier 100,000 in front of Redis via the fake), over
 * 300,000 users with sessions drawn from a Zipf distribution and, for contrast, a uniform one.
 * Prints Redis commands and SQL queries per 1,000 requests and the memory-tier hit rates.
 *
 *   deno run -A scripts/bench/entitlements.ts
 *
 * Also: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL
 * (redis://127.0.0.1:6379), BENCH_CONNECTIONS (32), BENCH_SECONDS (5), BENCH_HTTP_USERS (10000),
 * BENCH_ZIPF_S (1.0), BENCH_SIM_WARMUP (100000), BENCH_SIM_REQUESTS (200000), BENCH_ONLY
 * (`simulation`: part 2 only).
 */
import { createPromiseTracker } from "../../src/adapters/background/promise_tracker.ts";
import { systemClock } from "../../src/adapters/clock/system_clock.ts";
import { createJsonLogger } from "../../src/adapters/logger/json_logger.ts";
import { buildCache, buildRateLimiter, openDatabase } from "../../src/deps.ts";
import type { Database } from "../../src/db/database.ts";
import { withTimings } from "../../src/lib/timing.ts";
import type { Logger } from "../../src/ports/logger.ts";
import { createSession } from "../../src/services/accounts/create_session.ts";
import { resolvePrincipal } from "../../src/services/accounts/resolve_principal.ts";
import { resolveEntitlements } from "../../src/services/billing/resolve_entitlements.ts";
import { userApiPolicy } from "../../src/services/rate_limits/policies.ts";
import {
  startUpstashRestFake,
  type UpstashRestFake,
} from "../../tests/support/fakes/upstash_rest_fake.ts";
import { admin } from "../../tests/support/test_database.ts";
import {
  deleteKeys,
  loadAverage,
  positive,
  printRows,
  type Server,
  startServer,
} from "./bench_servers.ts";
import { seededRandom, zipfSampler } from "./entitlements_support.ts";
import { type LoadRequest, type LoadResult, runLoad } from "./load_generator.ts";

const CONNECTIONS = positive("BENCH_CONNECTIONS", 32);
const SECONDS = positive("BENCH_SECONDS", 5);
const WARMUP_SECONDS = 1;
const HTTP_USERS = positive("BENCH_HTTP_USERS", 10_000);
const ZIPF_S = positive("BENCH_ZIPF_S", 1.0);
const SIM_USERS = 300_000;
const SIM_WARMUP = positive("BENCH_SIM_WARMUP", 100_000);
const SIM_REQUESTS = positive("BENCH_SIM_REQUESTS", 200_000);
const SIM_CONCURRENCY = 16;
const PRODUCTION_MEMORY_ENTRIES = 100_000;
const adminUrl = Deno.env.get("BENCH_DATABASE_URL") ??
  "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = Deno.env.get("BENCH_REDIS_URL") ?? "redis://127.0.0.1:6379";
const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const RUN_ID = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
/** Every Redis key of this run starts with it; all are deleted at the end. */
const KEY_PREFIX = `pitchey_bench_${RUN_ID}`;
const TOKEN = `bench-${RUN_ID}`;
/** Session tokens of the simulated users: this prefix and the user's number. */
const SIM_TOKEN = `ps_sim_${RUN_ID}_`;

const cleanups: Array<() => Promise<unknown> | unknown> = [];
async function cleanUp() {
  while (cleanups.length > 0) await Promise.resolve(cleanups.pop()!()).catch(console.error);
}
Deno.addSignalListener("SIGINT", () => void cleanUp().finally(() => Deno.exit(130)));

type Kind = "plans-anon" | "plans" | "me" | "check" | "consume";

try {
  const dbName = `pitchey_bench_${RUN_ID}`;
  await admin(adminUrl, `create database ${dbName}`);
  cleanups.push(() => admin(adminUrl, `drop database if exists ${dbName} with (force)`));
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const database = await openDatabase({ driver: "tcp", url: dbUrl.href, poolMax: 10 });
  cleanups.push(() => database.close());
  await database.migrate();
  const fake = await startUpstashRestFake({ redisUrl, token: TOKEN });
  cleanups.push(() => fake.close());
  cleanups.push(async () => {
    const n = await deleteKeys(redisUrl, KEY_PREFIX);
    console.log(`cleanup: deleted ${n} Redis keys under ${KEY_PREFIX}*`);
  });

  console.log(
    `Entitlements benchmark: Deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores, ` +
      `load average ${loadAverage()} (1, 5, 15 min) at the start`,
  );
  console.log(
    `database:    PostgreSQL over TCP (node-postgres, pool of 10 per process), scratch ${dbName}`,
  );
  console.log(
    `cache:       memory LRU; Redis ${redisUrl} through the loopback Upstash REST fake ` +
      `(@upstash/redis client, in the bench process), keys under ${KEY_PREFIX}*`,
  );
  console.log(
    `load:        ${CONNECTIONS} keep-alive connections, ${SECONDS} s per scenario after a ` +
      `${WARMUP_SECONDS} s warm-up; servers are subprocesses, client and fake in the bench process`,
  );
  console.log(
    `simulation:  ${SIM_USERS} users, Zipf s = ${ZIPF_S} (and uniform), ${SIM_WARMUP} warm-up + ` +
      `${SIM_REQUESTS} measured calls, ${SIM_CONCURRENCY} in flight\n`,
  );

  // BENCH_ONLY=simulation skips the HTTP part (the cost figures come from the simulation alone).
  if (Deno.env.get("BENCH_ONLY") !== "simulation") {
    const tokens = await seedHttpUsers(database, dbUrl.href);
    await httpPart(dbUrl.href, fake, tokens);
  }
  await simulationPart(database, dbUrl.href, fake);
} finally {
  await cleanUp();
}

/** HTTP_USERS users (1 in 5 pro, 1 in 20 studio, the rest free), one session each. */
async function seedHttpUsers(database: Database, url: string): Promise<string[]> {
  const started = performance.now();
  await admin(
    url,
    `insert into users (id, email, name, role, password_hash)
     select 'usr_http_' || g, 'http' || g || '@bench.invalid', 'Bench ' || g, 'creator', 'x'
     from generate_series(1, ${HTTP_USERS}) g`,
  );
  await admin(
    url,
    `insert into subscriptions (user_id, subscription_id, customer_id, plan, status,
       provider_updated_at)
     select 'usr_http_' || g, 'sub_http_' || g, 'cus_http_' || g,
       case when g % 20 = 1 then 'studio' else 'pro' end, 'active', now()
     from generate_series(1, ${HTTP_USERS}) g where g % 5 = 0 or g % 20 = 1`,
  );
  const tokens: string[] = new Array(HTTP_USERS);
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < HTTP_USERS) {
      const i = next++;
      const session = await createSession({
        ctx: { db: database.db, clock: systemClock },
        input: { userId: `usr_http_${i + 1}`, userAgent: "bench" },
      });
      tokens[i] = session.token;
    }
  }));
  await admin(url, "analyze");
  console.error(
    `Seeded ${HTTP_USERS} users with sessions in ${
      ((performance.now() - started) / 1000).toFixed(1)
    } s`,
  );
  return tokens;
}

async function httpPart(dbUrl: string, fake: UpstashRestFake, tokens: string[]) {
  const rows: Array<[string, LoadResult]> = [];
  const started: Server[] = [];
  const start = async (label: string, env: Record<string, string>): Promise<Server> => {
    const server = await startServer({
      root: ROOT,
      label,
      args: ["-A", "src/main.ts"],
      probe: "/health",
      env: {
        LOG_LEVEL: "error",
        DATABASE_URL: dbUrl,
        DATABASE_DRIVER: "tcp",
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1000000",
        RATE_LIMIT_AUTH_PER_MINUTE: "1000000",
        ...env,
      },
    });
    started.push(server);
    return server;
  };
  cleanups.push(() => Promise.all(started.map((s) => s.stop())));
  const redisEnv = (name: string) => ({
    UPSTASH_REDIS_REST_URL: fake.url,
    UPSTASH_REDIS_REST_TOKEN: TOKEN,
    APP_SECRET: "bench-app-secret-0123456789abcdefghij",
    CACHE_KEY_PREFIX: `${KEY_PREFIX}_${name}:`,
  });

  const run = async (
    label: string,
    server: Server,
    kind: Kind | "bare",
    options: { prime?: boolean; redis?: boolean } = {},
  ) => {
    const requests: LoadRequest[] = kind === "bare"
      ? [{ method: "GET", path: "/" }]
      : tokens.map((token) => requestOf(kind, token));
    const result = await runLoad({
      origin: server.origin,
      path: (i) => requests[i % requests.length]!,
      client: "socket",
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      primeRequests: options.prime ? requests.length : undefined,
      probe: options.redis ? () => fake.requests : undefined,
    });
    rows.push([label, result]);
    console.error(`  done: ${label}`);
  };

  const bare = await startServer({
    root: ROOT,
    label: "bare",
    args: ["--allow-net", "scripts/bench/bare_server.ts"],
    probe: "/",
    env: {},
    portAsArg: true,
  });
  started.push(bare);
  await run("bare Deno.serve GET / (first)", bare, "bare");

  const a = await start("A", {});
  await run("A GET /v1/plans anonymous (no auth)", a, "plans-anon");
  await run("A GET /v1/plans + bearer (auth only)", a, "plans", { prime: true });
  await run("A GET /v1/me/entitlements  [memory]", a, "me");
  await run("A POST check analytics     [memory]", a, "check");
  await run("A POST check consume 1     [memory]", a, "consume");
  await a.stop();

  const b = await start("B", redisEnv("b"));
  await run("B GET /v1/plans + bearer (auth only)", b, "plans", { prime: true, redis: true });
  await run("B GET /v1/me/entitlements  [memory]", b, "me", { redis: true });
  await run("B POST check analytics     [memory]", b, "check", { redis: true });
  await b.stop();

  const c = await start("C", { ...redisEnv("c"), CACHE_MEMORY_MAX_ENTRIES: "100" });
  await run("C GET /v1/plans + bearer (auth only)", c, "plans", { prime: true, redis: true });
  await run("C GET /v1/me/entitlements  [Redis]", c, "me", { redis: true });
  await run("C POST check analytics     [Redis]", c, "check", { redis: true });
  await c.stop();

  const d = await start("D", { CACHE_MEMORY_MAX_ENTRIES: "100" });
  await run("D GET /v1/plans + bearer (auth only)", d, "plans");
  await run("D GET /v1/me/entitlements  [Postgres]", d, "me");
  await run("D POST check analytics     [Postgres]", d, "check");
  await run("D POST check consume 1     [Postgres]", d, "consume");
  await d.stop();

  await run("bare Deno.serve GET / (last)", bare, "bare");
  await bare.stop();
  printHttpTable(rows);
}

function requestOf(kind: Kind, token: string) {
  const auth = { Authorization: `Bearer ${token}` };
  const json = { ...auth, "Content-Type": "application/json" };
  switch (kind) {
    case "plans-anon":
      return { method: "GET" as const, path: "/v1/plans" };
    case "plans":
      return { method: "GET" as const, path: "/v1/plans", headers: auth };
    case "me":
      return { method: "GET" as const, path: "/v1/me/entitlements", headers: auth };
    case "check":
      return {
        method: "POST" as const,
        path: "/v1/entitlements/check",
        headers: json,
        body: JSON.stringify({ feature: "analytics" }),
      };
    case "consume":
      return {
        method: "POST" as const,
        path: "/v1/entitlements/check",
        headers: json,
        body: JSON.stringify({ feature: "pitch-views", consume: 1 }),
      };
  }
}

function printHttpTable(rows: Array<[string, LoadResult]>) {
  const head = [
    "scenario",
    "req/s",
    "p50 ms",
    "p99 ms",
    "x bare",
    "requests",
    "db/req",
    "redis/req",
    "REST/req",
    "non-2xx",
  ];
  const widths = [38, 8, 7, 7, 6, 8, 6, 9, 8, 7];
  const { baseline, drift } = printRows(rows, head, widths, (label, r, xBare) => [
    label,
    r.perSecond.toFixed(0),
    r.p50Ms.toFixed(2),
    r.p99Ms.toFixed(2),
    xBare.toFixed(3),
    String(r.requests),
    r.dbCallsPerRequest.toFixed(2),
    r.cacheCallsPerRequest.toFixed(2),
    Number.isNaN(r.probePerRequest) ? "-" : r.probePerRequest.toFixed(2),
    String(r.failed),
  ]);
  console.log(
    `\nx bare: against the mean of the two bare runs (${baseline.toFixed(0)} req/s; they differ ` +
      `by ${drift.toFixed(1)}%).\n` +
      "db/req, redis/req: mean `db` and `cache` calls per response from Server-Timing (cache = " +
      "remote tier gets/sets on the request path; on the TCP driver a query that waited for a " +
      "pooled client may go uncounted).\n" +
      "REST/req: requests the Upstash fake received per measured request: cache reads and " +
      "background writes, rate-limit scripts, invalidation polls.\n" +
      `Users: requests cycle through ${HTTP_USERS} users (1 in 5 pro, 1 in 20 studio), not one: ` +
      "a signed-in caller is rate limited per user at the plan's limit (60/600/3000 a minute, " +
      "RATE_LIMIT_* do not change it), so one user would be refused within a second. In A and B " +
      "all of them fit in the memory tier and are primed once before the warm-up (the memory " +
      "scenarios); in C and D the tier holds 100 entries, so each request misses memory.\n" +
      "Every authenticated request resolves the principal (authenticate) and the entitlements " +
      "twice: once for the rate-limit policy, once in the route; 'auth only' rows are that cost " +
      "on the cheapest route.",
  );
  console.log(`load average at the end of part 1: ${loadAverage()}`);
  for (const [label, r] of rows) {
    if (r.failed > 0) console.log(`WARNING: ${r.failed} non-2xx or failed requests in "${label}"`);
  }
  console.log("");
}

/**
 * 300,000 users in bulk, each with a session, then the hot path of an authenticated request under
 * Zipf and uniform draws, exactly as the middleware runs it: `resolvePrincipal` (authenticate),
 * `resolveEntitlements` and one rate-limit unit (apiRateLimit), `resolveEntitlements` again (the
 * route).
 */
async function simulationPart(database: Database, url: string, fake: UpstashRestFake) {
  const started = performance.now();
  await admin(
    url,
    `insert into users (id, email, name, role, password_hash)
     select 'usr_sim_' || g, 'sim' || g || '@bench.invalid', 'Sim ' || g, 'creator', 'x'
     from generate_series(1, ${SIM_USERS}) g`,
  );
  await admin(
    url,
    `insert into subscriptions (user_id, subscription_id, customer_id, plan, status,
       provider_updated_at, grace_until)
     select 'usr_sim_' || g, 'sub_sim_' || g, 'cus_sim_' || g,
       case when g % 50 = 7 then 'studio' else 'pro' end,
       case when g % 200 = 3 then 'past_due' else 'active' end, now(),
       case when g % 200 = 3 then now() + interval '3 days' end
     from generate_series(1, ${SIM_USERS}) g where g % 10 = 0 or g % 50 = 7 or g % 200 = 3`,
  );
  // Session tokens are `${SIM_TOKEN}<g>`; the database keeps only their SHA-256, as the API does.
  await admin(
    url,
    `insert into sessions (id, user_id, token_hash, expires_at, last_seen_at)
     select 'ses_sim_' || g, 'usr_sim_' || g,
       encode(sha256(convert_to('${SIM_TOKEN}' || g, 'UTF8')), 'hex'),
       now() + interval '30 days', now()
     from generate_series(1, ${SIM_USERS}) g`,
  );
  await admin(url, "analyze");
  console.error(
    `Seeded ${SIM_USERS} users and sessions in ${
      ((performance.now() - started) / 1000).toFixed(1)
    } s`,
  );
  const random = seededRandom(42);
  const zipf = zipfSampler(SIM_USERS, ZIPF_S, random);
  const uniform = () => Math.floor(random() * SIM_USERS);
  const results = [
    await simulate(`Zipf s=${ZIPF_S}`, "zipf", zipf, database, fake),
    await simulate("uniform", "uniform", uniform, database, fake),
  ];
  const head = [
    "distribution",
    "req/s",
    "Redis cmds",
    "rate-limit",
    "other",
    "on path",
    "SQL",
    "principal mem",
    "entitl. mem",
    "warns",
  ];
  const widths = [14, 8, 10, 10, 7, 8, 7, 13, 11, 6];
  const line = (cells: string[]) =>
    cells.map((c, i) => i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)).join(" ");
  console.log(
    `Authenticated hot path in process: ${SIM_USERS} users with sessions (10% pro, 2% studio, ` +
      `0.5% past due), buildCache and buildRateLimiter as production (memory ` +
      `${PRODUCTION_MEMORY_ENTRIES} entries shared by principals and entitlements + Redis via ` +
      `the fake, timeout 250 ms), ${SIM_WARMUP} warm-up then ${SIM_REQUESTS} measured requests; ` +
      "per 1,000 requests:",
  );
  console.log(line(head));
  for (const r of results) {
    const per = (n: number) => (n / r.calls * 1000).toFixed(1);
    const pct = (n: number) => `${(n / r.calls * 100).toFixed(1)}%`;
    console.log(line([
      r.label,
      r.perSecond.toFixed(0),
      per(r.redisRequests),
      per(r.rateLimitCalls),
      per(r.redisRequests - r.rateLimitCalls),
      per(r.redisOnPath),
      per(r.sql),
      pct(r.principalMemoryHits),
      pct(r.entitlementMemoryHits),
      String(r.warns),
    ]));
  }
  console.log(
    "\nRedis cmds: requests the Upstash fake received while the measured requests ran, " +
      "background writes drained (one command each; the store sends no pipelines). rate-limit: " +
      "commands the rate limiter sent (its own front): batched window updates for the local " +
      "per-user policy, not one script per request. other: cache reads and writes and the " +
      "invalidation log polls (one a second). on path: cache calls recorded in the request's " +
      "Server-Timing bag before it returned (the rate-limit script is not a cache call). SQL: " +
      "`db` calls in that bag. principal mem / entitl. mem: requests whose principal / first " +
      "entitlement resolution recorded no cache or db call (answered by the memory tier). " +
      "warns: tier failures logged (each one a miss).",
  );
}

interface SimulationResult {
  label: string;
  calls: number;
  perSecond: number;
  redisRequests: number;
  rateLimitCalls: number;
  redisOnPath: number;
  sql: number;
  principalMemoryHits: number;
  entitlementMemoryHits: number;
  warns: number;
}

async function simulate(
  label: string,
  name: string,
  draw: () => number,
  database: Database,
  fake: UpstashRestFake,
): Promise<SimulationResult> {
  const base = createJsonLogger({ level: "error" });
  let warns = 0;
  const logger: Logger = {
    ...base,
    warn: (message, fields) => {
      warns++;
      base.warn(message, fields);
    },
  };
  const background = createPromiseTracker(logger);
  const cacheConfig = {
    kind: "upstash" as const,
    url: fake.url,
    token: TOKEN,
    timeoutMs: 250,
    maxEntries: PRODUCTION_MEMORY_ENTRIES,
    keyPrefix: `${KEY_PREFIX}_sim_${name}:`,
  };
  const cache = buildCache(cacheConfig, { clock: systemClock, logger, background });
  // The limiter talks to Redis through a front of its own, so what it sends (batched, for the
  // local policies) is counted apart from the cache's traffic instead of assumed.
  const limiterFront = await startUpstashRestFake({ redisUrl: redisUrl, token: TOKEN });
  const rateLimiter = buildRateLimiter(
    { ...cacheConfig, url: limiterFront.url },
    { clock: systemClock, logger },
  );
  const ctx = { db: database.db, cache, clock: systemClock, logger, background };
  const totals = {
    sql: 0,
    redisOnPath: 0,
    rateLimitCalls: 0,
    principalMemoryHits: 0,
    entitlementMemoryHits: 0,
  };
  const calls = (timings: ReturnType<typeof withTimings>["timings"], name: "db" | "cache") =>
    timings.totals.get(name)?.count ?? 0;

  const request = async (g: number, record: boolean) => {
    const auth = withTimings(() => resolvePrincipal({ ctx, input: { token: `${SIM_TOKEN}${g}` } }));
    const principal = await auth.result;
    if (!principal) throw new Error(`Session of user ${g} did not resolve`);
    const first = withTimings(() =>
      resolveEntitlements({ ctx, input: { userId: principal.userId } })
    );
    const entitlements = await first.result;
    await rateLimiter.consume(userApiPolicy(entitlements.plan), principal.userId);
    const route = withTimings(() =>
      resolveEntitlements({ ctx, input: { userId: principal.userId } })
    );
    await route.result;
    if (!record) return;
    for (const { timings } of [auth, first, route]) {
      totals.sql += calls(timings, "db");
      totals.redisOnPath += calls(timings, "cache");
    }
    if (calls(auth.timings, "db") + calls(auth.timings, "cache") === 0) {
      totals.principalMemoryHits++;
    }
    if (calls(first.timings, "db") + calls(first.timings, "cache") === 0) {
      totals.entitlementMemoryHits++;
    }
  };

  const pass = async (count: number, record: boolean) => {
    let next = 0;
    await Promise.all(Array.from({ length: SIM_CONCURRENCY }, async () => {
      while (next < count) {
        next++;
        await request(draw() + 1, record);
      }
    }));
  };

  await pass(SIM_WARMUP, false);
  await background.drain();
  const warnsBefore = warns;
  await rateLimiter.flush();
  const before = fake.requests;
  const limiterBefore = limiterFront.requests;
  const t0 = performance.now();
  await pass(SIM_REQUESTS, true);
  const seconds = (performance.now() - t0) / 1000;
  await background.drain();
  await rateLimiter.flush();
  const redisRequests = fake.requests - before;
  const rateLimitCommands = limiterFront.requests - limiterBefore;
  await limiterFront.close();
  console.error(`  done: simulation ${label}`);
  return {
    label,
    calls: SIM_REQUESTS,
    perSecond: SIM_REQUESTS / seconds,
    // Both fronts together: every command this hot path cost Redis.
    redisRequests: redisRequests + rateLimitCommands,
    ...totals,
    rateLimitCalls: rateLimitCommands,
    warns: warns - warnsBefore,
  };
}
