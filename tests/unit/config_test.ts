import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config/load_config.ts";

type Env = Record<string, string | undefined>;

const UPSTASH = {
  UPSTASH_REDIS_REST_URL: "https://eu1-fine-cat.upstash.io",
  UPSTASH_REDIS_REST_TOKEN: "upstash-token-5ecret-value",
  APP_SECRET: "config-test-app-secret-0123456789abcdef",
};
const QSTASH = {
  QSTASH_TOKEN: "qstash-token-5ecret-value",
  QSTASH_CURRENT_SIGNING_KEY: "sig_current_5ecret",
  QSTASH_NEXT_SIGNING_KEY: "sig_next_5ecret",
};

/** Asserts `loadConfig(env)` throws a `ConfigError` and returns it. */
function configError(env: Env): ConfigError {
  try {
    const config = loadConfig(env);
    assert.fail(`expected a ConfigError, got config: ${JSON.stringify(config)}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error;
  }
}

/** Asserts exactly one problem, naming `variable`, and returns it. */
function onlyProblem(env: Env, variable: string): string {
  const { problems } = configError(env);
  assert.equal(problems.length, 1, `problems: ${JSON.stringify(problems)}`);
  const [problem] = problems as [string];
  assert.ok(problem.startsWith(variable), `expected "${variable}" in: ${problem}`);
  return problem;
}

Deno.test("loadConfig with an empty environment uses the embedded defaults", () => {
  const config = loadConfig({});
  assert.deepEqual(config.database, { driver: "pglite", dataDir: ".data/pglite" });
  assert.deepEqual(config.cache, {
    kind: "memory",
    maxEntries: 100_000,
    maxBytes: 96 * 1024 * 1024,
  });
  assert.deepEqual(config.queue, { kind: "memory" });
  assert.equal(config.port, 8000);
  assert.equal(config.region, "local");
  assert.equal(config.publicUrl, "http://localhost:8000");
  assert.equal(config.platform, "self-hosted");
  assert.equal(config.logLevel, "info");
  assert.deepEqual(config.corsOrigins, []);
});

Deno.test("loadConfig treats empty strings as unset", () => {
  const blank = Object.fromEntries(
    [
      "PORT",
      "PUBLIC_URL",
      "CORS_ORIGINS",
      "LOG_LEVEL",
      "REGION",
      "APP_ENV",
      "DENO_DEPLOY",
      "DENO_TIMELINE",
      "DENO_DEPLOYMENT_ID",
      "DATABASE_URL",
      "DATABASE_DRIVER",
      "PGLITE_DATA_DIR",
      "UPSTASH_REDIS_REST_URL",
      "UPSTASH_REDIS_REST_TOKEN",
      "QSTASH_URL",
      "QSTASH_TOKEN",
      "QSTASH_CURRENT_SIGNING_KEY",
      "QSTASH_NEXT_SIGNING_KEY",
    ].map((name) => [name, ""]),
  );
  assert.deepEqual(loadConfig(blank), loadConfig({}));
});

Deno.test("loadConfig picks the database driver", async (t) => {
  await t.step("a DATABASE_URL on a .neon.tech host selects neon", () => {
    const url = "postgres://app:pw@ep-cool-1234.eu-central-1.aws.neon.tech/pitchey?sslmode=require";
    const { database } = loadConfig({ DATABASE_URL: url });
    assert.equal(database.driver, "neon");
    assert.equal(database.driver === "neon" && database.url, url);
  });

  await t.step("any other postgres:// URL selects tcp", () => {
    const url = "postgres://app:pw@db.internal:5432/pitchey";
    assert.deepEqual(loadConfig({ DATABASE_URL: url }).database, {
      driver: "tcp",
      url,
      poolMax: 10,
    });
    assert.equal(loadConfig({ DATABASE_URL: "postgresql://localhost/x" }).database.driver, "tcp");
  });

  await t.step("DATABASE_DRIVER=neon forces neon and passes NEON_WS_PROXY through", () => {
    const url = "postgres://app:pw@localhost:5432/pitchey";
    assert.deepEqual(
      loadConfig({ DATABASE_URL: url, DATABASE_DRIVER: "neon", NEON_WS_PROXY: "localhost:4444/v1" })
        .database,
      { driver: "neon", url, poolMax: 10, wsProxy: "localhost:4444/v1" },
    );
  });

  await t.step("PGLITE_DATA_DIR sets the embedded data folder", () => {
    assert.deepEqual(loadConfig({ PGLITE_DATA_DIR: "/tmp/x" }).database, {
      driver: "pglite",
      dataDir: "/tmp/x",
    });
  });

  await t.step("a mysql:// URL is refused", () => {
    const problem = onlyProblem({ DATABASE_URL: "mysql://root:hunter2@db/x" }, "DATABASE_URL");
    assert.ok(!problem.includes("hunter2"), problem);
  });

  await t.step("a DATABASE_URL that is not a URL is refused", () => {
    onlyProblem({ DATABASE_URL: "not a url" }, "DATABASE_URL");
  });

  await t.step("DATABASE_DRIVER=tcp without DATABASE_URL is refused", () => {
    onlyProblem({ DATABASE_DRIVER: "tcp" }, "DATABASE_URL");
  });
});

Deno.test("loadConfig picks the cache", async (t) => {
  await t.step("Upstash URL and token select the upstash tier with a timeout", () => {
    assert.deepEqual(loadConfig(UPSTASH).cache, {
      kind: "upstash",
      url: UPSTASH.UPSTASH_REDIS_REST_URL,
      token: UPSTASH.UPSTASH_REDIS_REST_TOKEN,
      timeoutMs: 250,
      maxEntries: 100_000,
      maxBytes: 96 * 1024 * 1024,
      keyPrefix: "pitchey:",
    });
    const custom = loadConfig({ ...UPSTASH, CACHE_TIMEOUT_MS: "80" }).cache;
    assert.equal(custom.kind === "upstash" && custom.timeoutMs, 80);
  });

  await t.step("Upstash without APP_SECRET is refused: shared caches need one signing key", () => {
    const { problems } = configError({ ...UPSTASH, APP_SECRET: undefined });
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0]!, /^APP_SECRET: required with UPSTASH_REDIS_REST_URL/);
  });

  for (const only of ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"] as const) {
    await t.step(`only ${only} is refused, naming both variables`, () => {
      const { problems } = configError({ [only]: UPSTASH[only] });
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.match(problems[0]!, /UPSTASH_REDIS_REST_URL/);
      assert.match(problems[0]!, /UPSTASH_REDIS_REST_TOKEN/);
    });
  }
});

Deno.test("loadConfig picks the queue", async (t) => {
  await t.step("all three QStash keys with PUBLIC_URL select qstash", () => {
    const config = loadConfig({ ...QSTASH, PUBLIC_URL: "https://api.pitchey.example/" });
    assert.deepEqual(config.queue, {
      kind: "qstash",
      url: undefined,
      token: QSTASH.QSTASH_TOKEN,
      currentSigningKey: QSTASH.QSTASH_CURRENT_SIGNING_KEY,
      nextSigningKey: QSTASH.QSTASH_NEXT_SIGNING_KEY,
    });
    assert.equal(config.publicUrl, "https://api.pitchey.example");
  });

  for (const missing of Object.keys(QSTASH) as (keyof typeof QSTASH)[]) {
    await t.step(`QStash without ${missing} is refused`, () => {
      const env: Env = { ...QSTASH, PUBLIC_URL: "https://api.pitchey.example" };
      delete env[missing];
      const problem = onlyProblem(env, "QSTASH_TOKEN");
      assert.ok(problem.includes(missing), problem);
    });
  }

  await t.step("QStash without PUBLIC_URL is refused", () => {
    onlyProblem(QSTASH, "PUBLIC_URL");
  });
});

Deno.test("loadConfig parses CORS_ORIGINS", async (t) => {
  await t.step("a comma separated list with spaces and ports", () => {
    const config = loadConfig({ CORS_ORIGINS: "https://a.example, https://b.example:8443" });
    assert.deepEqual(config.corsOrigins, ["https://a.example", "https://b.example:8443"]);
  });

  for (const bad of ["https://a.example/app", "*"]) {
    await t.step(`refuses "${bad}"`, () => {
      const problem = onlyProblem({ CORS_ORIGINS: `https://ok.example,${bad}` }, "CORS_ORIGINS");
      assert.ok(problem.includes(`"${bad}"`), problem);
    });
  }
});

Deno.test("loadConfig reads the platform", async (t) => {
  await t.step("REGION sets the region", () => {
    assert.equal(loadConfig({ REGION: "eu" }).region, "eu");
  });

  await t.step("DENO_DEPLOYMENT_ID without DATABASE_URL is refused", () => {
    onlyProblem({ DENO_DEPLOYMENT_ID: "abc123" }, "DATABASE_URL");
  });

  await t.step("DENO_DEPLOYMENT_ID with DATABASE_URL runs as deno-deploy", () => {
    const config = loadConfig({
      DENO_DEPLOYMENT_ID: "abc123",
      DATABASE_URL: "postgres://app:pw@ep-x.neon.tech/db",
    });
    assert.equal(config.platform, "deno-deploy");
  });
});

Deno.test("loadConfig refuses malformed scalars", async (t) => {
  await t.step('PORT "abc"', () => {
    onlyProblem({ PORT: "abc" }, "PORT");
  });
  await t.step('LOG_LEVEL "loud"', () => {
    onlyProblem({ LOG_LEVEL: "loud" }, "LOG_LEVEL");
  });
  await t.step('PORT "70000"', () => {
    onlyProblem({ PORT: "70000" }, "PORT");
  });
  await t.step("PORT and LOG_LEVEL are read when valid", () => {
    const config = loadConfig({ PORT: "3000", LOG_LEVEL: "debug" });
    assert.equal(config.port, 3000);
    assert.equal(config.logLevel, "debug");
    assert.equal(config.publicUrl, "http://localhost:3000");
  });
});

Deno.test("loadConfig reports every problem in one ConfigError", () => {
  const error = configError({
    PORT: "abc",
    LOG_LEVEL: "loud",
    DATABASE_URL: "mysql://root:pw@db/x",
    UPSTASH_REDIS_REST_TOKEN: UPSTASH.UPSTASH_REDIS_REST_TOKEN,
    QSTASH_TOKEN: QSTASH.QSTASH_TOKEN,
    CORS_ORIGINS: "*",
  });
  const { problems } = error;
  const expected = [
    "PORT",
    "LOG_LEVEL",
    "DATABASE_URL",
    "UPSTASH_REDIS_REST_URL",
    "QSTASH_CURRENT_SIGNING_KEY",
    "CORS_ORIGINS",
  ];
  assert.equal(problems.length, expected.length, JSON.stringify(problems));
  for (const name of expected) {
    assert.ok(problems.some((p) => p.includes(name)), `no problem names ${name}: ${problems}`);
    assert.ok(error.message.includes(name), error.message);
  }
  assert.equal(error.name, "ConfigError");
});

Deno.test("loadConfig reports a malformed variable once, not again through a rule", () => {
  const problem = onlyProblem({ ...QSTASH, PUBLIC_URL: "not a url" }, "PUBLIC_URL");
  assert.doesNotMatch(problem, /required with QStash/);
});

Deno.test("ConfigError messages never contain secret values", () => {
  const secrets = {
    ...UPSTASH,
    QSTASH_TOKEN: QSTASH.QSTASH_TOKEN,
    QSTASH_CURRENT_SIGNING_KEY: QSTASH.QSTASH_CURRENT_SIGNING_KEY,
    DATABASE_URL: "mysql://root:db-pa55word-5ecret@db.internal/x",
  };
  const error = configError({ ...secrets, PORT: "abc", CORS_ORIGINS: "*" });
  assert.ok(error.problems.length >= 3, JSON.stringify(error.problems));
  for (const secret of ["upstash-token-5ecret-value", "qstash-token-5ecret-value", "5ecret"]) {
    assert.ok(!error.message.includes(secret), `"${secret}" leaked: ${error.message}`);
  }
});

Deno.test("loadConfig reads EXPORT_TTL_DAYS", async (t) => {
  await t.step("unset, export files last 7 days", () => {
    assert.equal(loadConfig({}).exportTtlDays, 7);
  });
  await t.step('"30" keeps them 30 days', () => {
    assert.equal(loadConfig({ EXPORT_TTL_DAYS: "30" }).exportTtlDays, 30);
  });
  for (const bad of ["0", "366", "1.5", "week"]) {
    await t.step(`"${bad}" is refused`, () => {
      onlyProblem({ EXPORT_TTL_DAYS: bad }, "EXPORT_TTL_DAYS");
    });
  }
});
