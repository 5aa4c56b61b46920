/**
 * Cost of resolving a bearer token to its principal, the step every authenticated request pays:
 * through the memory tier, through Redis (the real @upstash/redis client via the loopback REST
 * front, when BENCH_REDIS_URL is set), and uncached (straight to the database). Database: embedded
 * PGlite, or a scratch database created on the server at BENCH_DATABASE_URL (over TCP, dropped at
 * the end) for the figure that matters in production. Prints calls per second and p50/p99.
 *
 *   deno run -A scripts/bench/resolve_token.ts
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     BENCH_REDIS_URL=redis://127.0.0.1:6379 deno run -A scripts/bench/resolve_token.ts
 */
import { createPromiseTracker } from "../../src/adapters/background/promise_tracker.ts";
import { createMemoryLruStore } from "../../src/adapters/cache/memory_lru_store.ts";
import { createTieredCache } from "../../src/adapters/cache/tiered_cache.ts";
import { createUpstashRedisStore } from "../../src/adapters/cache/upstash_redis_store.ts";
import { systemClock } from "../../src/adapters/clock/system_clock.ts";
import { createJsonLogger } from "../../src/adapters/logger/json_logger.ts";
import { openDatabase } from "../../src/deps.ts";
import type { Database } from "../../src/db/database.ts";
import { users } from "../../src/db/tables/users.ts";
import type { CacheStore } from "../../src/ports/cache.ts";
import { createSession } from "../../src/services/accounts/create_session.ts";
import { resolvePrincipal } from "../../src/services/accounts/resolve_principal.ts";
import { startUpstashRestFake } from "../../tests/support/fakes/upstash_rest_fake.ts";
import { admin } from "../../tests/support/test_database.ts";

const ITERATIONS = Number(Deno.env.get("BENCH_ITERATIONS") ?? 5_000);
const dbUrl = Deno.env.get("BENCH_DATABASE_URL");
const redisUrl = Deno.env.get("BENCH_REDIS_URL");

const logger = createJsonLogger({ level: "error" });
const background = createPromiseTracker(logger);
const scratch = dbUrl ? await createScratchDatabase(dbUrl) : undefined;
const database: Database = await openDatabase(
  scratch
    ? { driver: "tcp", url: scratch.url, poolMax: 4 }
    : { driver: "pglite", dataDir: ":memory:" },
);
await database.migrate();
const userId = `usr_bench_${crypto.randomUUID().slice(0, 8)}`;
await database.db.insert(users).values({
  id: userId,
  email: `${userId}@bench.invalid`,
  name: "Bench",
  role: "creator",
  passwordHash:
    "pbkdf2-sha256$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
});
const session = await createSession({
  ctx: { db: database.db, clock: systemClock },
  input: { userId, userAgent: "bench" },
});

async function measure(label: string, tiers: CacheStore[]) {
  const cache = createTieredCache({ tiers, clock: systemClock, logger, background });
  const ctx = { db: database.db, cache, clock: systemClock, background, logger };
  for (let i = 0; i < 200; i++) await resolvePrincipal({ ctx, input: { token: session.token } });
  const samples = new Float64Array(ITERATIONS);
  const start = performance.now();
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    const principal = await resolvePrincipal({ ctx, input: { token: session.token } });
    samples[i] = performance.now() - t0;
    if (!principal) throw new Error("Token did not resolve");
  }
  const elapsed = performance.now() - start;
  samples.sort();
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * p))]!;
  console.log(
    `${label.padEnd(34)} ${(ITERATIONS / (elapsed / 1000)).toFixed(0).padStart(9)}/s` +
      `   p50 ${(pct(0.5) * 1000).toFixed(0).padStart(6)} µs   p99 ${
        (pct(0.99) * 1000).toFixed(0).padStart(6)
      } µs`,
  );
}

console.log(
  `Token resolution, ${ITERATIONS} sequential calls per mode; database: ${
    dbUrl ? "Postgres over TCP" : "PGlite (in process)"
  }; Deno ${Deno.version.deno}`,
);
await measure("cached: memory tier", [
  createMemoryLruStore({ maxEntries: 1000, clock: systemClock }),
]);
if (redisUrl) {
  const fake = await startUpstashRestFake({ redisUrl, token: "bench" });
  const redis = createUpstashRedisStore({
    url: fake.url,
    token: "bench",
    timeoutMs: 500,
    prefix: `bench:${crypto.randomUUID()}:`,
  });
  await measure("cached: Redis via @upstash/redis", [
    createMemoryLruStore({ maxEntries: 1000, clock: systemClock }),
    redis,
  ]);
  await fake.close();
}
await measure("uncached: database every call", []);
await background.drain();
await database.close();
await scratch?.drop();

/** A throwaway database on the benchmark server, so nothing is left in the admin database. */
async function createScratchDatabase(adminUrl: string) {
  const name = `pitchey_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const run = (statement: string) => admin(adminUrl, statement);
  await run(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => run(`drop database if exists ${name} with (force)`) };
}
