import assert from "node:assert/strict";
import { createTcpDatabase } from "../../src/db/clients/tcp.ts";
import { startUpstashRestFake, type UpstashRestFake } from "../support/fakes/upstash_rest_fake.ts";
import { withServer } from "../support/faults/api_server.ts";
import { createFaultPostgres, type FaultPostgres } from "../support/faults/fault_postgres.ts";
import { createFaultRedis, type FaultRedis } from "../support/faults/fault_redis.ts";
import { createFixtures, type FaultFixtures, warmUp } from "../support/faults/fixtures.ts";
import { runScenario } from "../support/faults/scenario.ts";
import { assertPostgresOutage, assertRedisOutage } from "../support/faults/fault_assertions.ts";

/**
 * Faults under load (issue 11): the API runs as a real server process (`deno run src/main.ts`,
 * configured by environment only) on its own Postgres cluster and its own Redis (behind the
 * Upstash REST fake), never the shared ones on 5432 and 6379, while 32 concurrent loopback clients
 * read and write. Each scenario breaks one service mid-load and checks what clients saw. Runs only
 * with TEST_FAULTS=1 (`deno task test:faults`, CI's last suite).
 */
const WORK_DIR = "/tmp/pitchey-faults";
const PG_PORT = 5440;
const REDIS_PORT = 6390;
const TOKEN = "fault-suite-upstash-token";

Deno.test({
  name: "The API under load keeps its guarantees while its Redis and its Postgres fail",
  ignore: Deno.env.get("TEST_FAULTS") !== "1",
}, async (t) => {
  let postgres: FaultPostgres | undefined;
  let redis: FaultRedis | undefined;
  let fake: UpstashRestFake | undefined;
  try {
    postgres = await createFaultPostgres({ dir: `${WORK_DIR}/pg`, port: PG_PORT });
    redis = await createFaultRedis({ dir: `${WORK_DIR}/redis`, port: REDIS_PORT });
    fake = await startUpstashRestFake({ redisUrl: redis.url, token: TOKEN, reconnect: true });
    const migrator = createTcpDatabase({ url: postgres.url, poolMax: 1 });
    await migrator.migrate().finally(() => migrator.close());
    const env = serverEnv(postgres.url, fake.url);
    const pg = postgres;
    const cache = redis;
    let fixtures: FaultFixtures | undefined;
    await withServer(env, async (server) => {
      fixtures = await createFixtures({
        url: server.url,
        databaseUrl: pg.url,
        writers: 8,
        readers: 6,
        pitches: 40,
      });
    });
    const scenario = { databaseUrl: pg.url, fixtures: fixtures!, durationMs: 16_000 };

    await t.step(
      "Redis killed mid-load: no response is a 5xx, and Redis is used again once back",
      async () => {
        await withServer(env, async (server) => {
          await warmUp(server.url, fixtures!);
          const result = await runScenario({
            ...scenario,
            name: "Redis killed at 4 s, restarted at 10 s",
            server,
            fault: async (at, mark) => {
              await at(4_000);
              await cache.kill();
              const up = mark("Redis down");
              await at(10_000);
              up();
              await cache.start();
            },
            after: async () => [`Redis keys after the restart: ${await cache.dbsize()}`],
          });
          assertRedisOutage(result, server);
          assert.ok(
            (await cache.dbsize()) > 0,
            `Redis got no key after it came back\n${result.report}`,
          );
        });
      },
    );

    await t.step(
      "Postgres restarted mid-load, then stopped for 5 s (fast shutdown): cached reads served, writes 503 with Retry-After, no acknowledged write lost",
      async () => {
        await withServer(env, async (server) => {
          await warmUp(server.url, fixtures!);
          const result = await runScenario({
            ...scenario,
            name: "Postgres restarted (-m fast) at 2 s, stopped (-m fast) at 5 s, started at 10 s",
            server,
            fault: async (at, mark) => {
              // A restart is down for a few hundred milliseconds: it kills connections in use,
              // and the stop that follows holds the outage long enough to count what it serves.
              await at(2_000);
              await pg.restart("fast");
              await at(5_000);
              await pg.stop("fast");
              const up = mark("Postgres down");
              await at(10_000);
              up();
              await pg.start();
            },
          });
          assertPostgresOutage(result, server);
        });
      },
    );

    await t.step(
      "Postgres crashed mid-load (immediate stop, 4 s down, WAL recovery): cached reads served, writes 503 with Retry-After, no acknowledged write lost",
      async () => {
        await withServer(env, async (server) => {
          await warmUp(server.url, fixtures!);
          const result = await runScenario({
            ...scenario,
            name: "Postgres crashed (-m immediate) at 4 s, started at 8 s",
            server,
            fault: async (at, mark) => {
              await at(4_000);
              await pg.stop("immediate");
              const up = mark("Postgres down");
              await at(8_000);
              up();
              await pg.start();
            },
          });
          assertPostgresOutage(result, server);
        });
      },
    );
  } finally {
    await fake?.close();
    await redis?.destroy();
    await postgres?.destroy();
    await Deno.remove(WORK_DIR, { recursive: true }).catch(() => {});
  }
});

/** Production configuration through the environment, tuned only where a load test needs it. */
function serverEnv(databaseUrl: string, redisUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_DRIVER: "tcp",
    UPSTASH_REDIS_REST_URL: redisUrl,
    UPSTASH_REDIS_REST_TOKEN: TOKEN,
    APP_SECRET: crypto.randomUUID() + crypto.randomUUID(),
    CACHE_KEY_PREFIX: "faults:",
    // Notice a recovered Redis within the scenario instead of 10 s later.
    CACHE_BREAKER_COOLDOWN_MS: "2000",
    // Every client is 127.0.0.1: the per-address anonymous budget would measure itself.
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1000000",
    RATE_LIMIT_AUTH_PER_MINUTE: "1000",
    PASSWORD_PBKDF2_ITERATIONS: "100000",
    LOG_LEVEL: "warn",
  };
}
