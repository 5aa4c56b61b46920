import assert from "node:assert/strict";
import { API_VERSION } from "../../src/app.ts";
import type { Database } from "../../src/db/database.ts";
import { signUpUser } from "../support/accounts.ts";
import { assertProblem, expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";
import { createTestDatabase } from "../support/test_database.ts";

const TOKEN = `metrics_${crypto.randomUUID()}`;
const COMMIT = "0123456789abcdef0123456789abcdef01234567";

interface Dependency {
  name: string;
  provider: string;
  inProcess: boolean;
  ok: boolean;
  latencyMs: number;
  error?: string;
}

interface DetailedHealth {
  status: string;
  version: string;
  commit?: string;
  region: string;
  uptimeSeconds: number;
  memory: { rssBytes: number; heapUsedBytes: number; cacheBytes: number; cacheEntries: number };
  database: { driver: string; pools: unknown[] };
  queue: { provider: string; outboxDepth: number; pendingFailedJobs: number };
  dependencies: Dependency[];
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

Deno.test("GET /health/detailed", async (t) => {
  const h = await createHarness({ metricsToken: TOKEN, release: { commit: COMMIT } });
  try {
    const admin = await signUpUser(h, { role: "admin" });
    const creator = await signUpUser(h);

    await t.step("refuses anonymous callers, bad tokens and non-admins", async () => {
      await assertProblem(await h.app.request("/health/detailed"), 401, "unauthorized");
      const forged = await h.app.request("/health/detailed", bearer("ps_not-a-session"));
      await assertProblem(forged, 401, "unauthorized");
      const user = await h.app.request("/health/detailed", bearer(creator.token));
      await assertProblem(user, 403, "forbidden");
    });

    await t.step("answers the metrics token and an admin alike", async () => {
      for (const token of [TOKEN, admin.token]) {
        const response = await h.app.request("/health/detailed", bearer(token));
        assert.equal(response.headers.get("cache-control"), "no-store");
        const body = await expectJson<DetailedHealth>(response, 200);
        assert.equal(body.status, "ok", JSON.stringify(body));
      }
    });

    await t.step(
      "reports release, region, memory, pools, backlog and each dependency",
      async () => {
        const response = await h.app.request("/health/detailed", bearer(TOKEN));
        const body = await expectJson<DetailedHealth>(response, 200);
        const text = JSON.stringify(body);
        assert.equal(body.version, API_VERSION);
        assert.equal(body.commit, COMMIT);
        assert.equal(body.region, "test");
        assert.ok(body.uptimeSeconds > 0, text);
        assert.ok(body.memory.rssBytes > 0 && body.memory.heapUsedBytes > 0, text);
        assert.ok(body.memory.cacheEntries > 0, `the sign-ups cached principals: ${text}`);
        assert.equal(body.database.driver, h.deps.database.driver);
        assert.equal(body.queue.provider, h.deps.queue.name);
        assert.equal(body.queue.pendingFailedJobs, 0, text);
        const byName = new Map(body.dependencies.map((d) => [d.name, d]));
        assert.deepEqual(
          [...byName.keys()].sort(),
          [
            "cache:memory",
            // The real-service suites run the same test with Redis behind the memory tier.
            ...(Deno.env.get("TEST_REDIS_URL") ? ["cache:redis"] : []),
            "database",
            "mailer",
            "payments",
            "queue",
          ].sort(),
          text,
        );
        const database = byName.get("database")!;
        assert.ok(database.ok && !database.inProcess && database.latencyMs >= 0, text);
        assert.ok(byName.get("queue")!.inProcess, "the in-process queue has nothing to reach");
        assert.ok(!text.includes(TOKEN), "the token is never echoed");
      },
    );
  } finally {
    await h.close();
  }
});

Deno.test("GET /health/detailed degrades on a failing provider without quoting its error", async () => {
  const h = await createHarness({
    metricsToken: TOKEN,
    wrapMailer: (memory) => ({
      name: "resend",
      send: (message) => memory.send(message),
      ping: () => Promise.reject(new Error("connect to secret-host.internal:443 refused")),
    }),
  });
  try {
    const body = await expectJson<DetailedHealth>(
      await h.app.request("/health/detailed", bearer(TOKEN)),
      200,
    );
    const text = JSON.stringify(body);
    assert.equal(body.status, "degraded", text);
    const mailer = body.dependencies.find((d) => d.name === "mailer");
    assert.deepEqual(
      {
        provider: mailer?.provider,
        ok: mailer?.ok,
        error: mailer?.error,
        remote: !mailer?.inProcess,
      },
      { provider: "resend", ok: false, error: "unreachable", remote: true },
    );
    assert.ok(!text.includes("secret-host"), text);
  } finally {
    await h.close();
  }
});

Deno.test("GET /health/detailed is 503 when the database does not answer", async () => {
  const real = await createTestDatabase();
  const database: Database = { ...real, ping: () => Promise.reject(new Error("down")) };
  const h = await createHarness({ metricsToken: TOKEN, database });
  try {
    const response = await h.app.request("/health/detailed", bearer(TOKEN));
    const body = await expectJson<DetailedHealth>(response, 503);
    assert.equal(body.status, "unavailable");
    assert.equal(body.dependencies.find((d) => d.name === "database")?.error, "unreachable");
  } finally {
    await h.close();
  }
});
