import assert from "node:assert/strict";
import type { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/load_config.ts";
import { signUpUser } from "../support/accounts.ts";
import { assertProblem } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";

const TOKEN = "metrics-token-0123456789abcdef";

/** The value of the sample `name` (with its labels) in a Prometheus text body. */
function sample(text: string, name: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  assert.ok(line, `no sample "${name}" in:\n${text}`);
  return Number(line.slice(name.length + 1));
}

async function scrape(app: ReturnType<typeof createApp>): Promise<string> {
  const response = await app.request("/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  return text;
}

Deno.test("GET /metrics is 404 when METRICS_TOKEN is unset", async () => {
  const h = await createHarness();
  try {
    const response = await h.app.request("/metrics", {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    await assertProblem(response, 404, "not-found");
  } finally {
    await h.close();
  }
});

Deno.test("GET /metrics refuses a missing token with 401 and a wrong one with 403", async () => {
  const h = await createHarness({ metricsToken: TOKEN });
  try {
    const app = h.app;
    const missing = await app.request("/metrics");
    assert.equal(missing.headers.get("www-authenticate"), 'Bearer realm="metrics"');
    await assertProblem(missing, 401, "unauthorized");
    const wrong = await app.request("/metrics", {
      headers: { authorization: "Bearer not-the-metrics-token" },
    });
    await assertProblem(wrong, 403, "forbidden");
  } finally {
    await h.close();
  }
});

Deno.test("GET /metrics counts HTTP requests, SQL calls and Redis calls of the process", async () => {
  const h = await createHarness({ metricsToken: TOKEN });
  try {
    const app = h.app;
    const before = await scrape(app);
    for (
      const name of [
        'pitchey_redis_calls_total{effect="read"}',
        'pitchey_redis_calls_total{effect="write"}',
      ]
    ) {
      assert.ok(sample(before, name) >= 0, before);
    }
    // Signing up writes rows: SQL calls move, and so do the requests (this one and the scrape).
    await signUpUser(h);
    const after = await scrape(app);
    assert.ok(
      sample(after, "pitchey_sql_calls_total") > sample(before, "pitchey_sql_calls_total"),
      `SQL calls did not move:\n${before}\n${after}`,
    );
    assert.ok(
      sample(after, "pitchey_http_requests_total") >=
        sample(before, "pitchey_http_requests_total") + 2,
      `requests did not move:\n${before}\n${after}`,
    );
  } finally {
    await h.close();
  }
});

Deno.test("METRICS_TOKEN shorter than 16 characters stops the configuration", () => {
  assert.throws(() => loadConfig({ METRICS_TOKEN: "short" }), /METRICS_TOKEN/);
  assert.equal(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken, TOKEN);
});
