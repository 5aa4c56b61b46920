import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/load_config.ts";
import { failedJobs, outbox } from "../../src/db/tables/jobs.ts";
import { signUpUser } from "../support/accounts.ts";
import { assertProblem } from "../support/assertions.ts";
import { deliver, postWebhook, subscriptionEvent } from "../support/billing.ts";
import { createHarness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { requireValue, scrapeMetrics, valueOf } from "../support/prometheus.ts";

const TOKEN = "metrics-token-0123456789abcdef";

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

Deno.test("GET /metrics after traffic", async (t) => {
  const h = await createHarness({ metricsToken: TOKEN });
  try {
    const user = await signUpUser(h);
    const pitch = await createPitch(h, user.token);

    await t.step("counts requests by route template, never by raw path", async () => {
      const before = await scrapeMetrics(h, TOKEN);
      const ids = [`p_${crypto.randomUUID()}`, `p_${crypto.randomUUID()}`];
      for (const id of ids) await h.app.request(`/v1/pitches/${id}`);
      const after = await scrapeMetrics(h, TOKEN);
      const series =
        'pitchey_http_requests_total{method="GET",route="/v1/pitches/:id",status="404"}';
      assert.equal(valueOf(after, series) - valueOf(before, series), 2, after.text);
      for (const id of ids) assert.ok(!after.text.includes(id), `raw path leaked: ${id}`);
      const count =
        'pitchey_http_request_duration_seconds_count{method="GET",route="/v1/pitches/:id",' +
        'status_class="4xx"}';
      assert.equal(valueOf(after, count) - valueOf(before, count), 2, after.text);
      const inf =
        'pitchey_http_request_duration_seconds_bucket{method="GET",route="/v1/pitches/:id",' +
        'status_class="4xx",le="+Inf"}';
      assert.equal(requireValue(after, inf), requireValue(after, count));
    });

    await t.step("labels routes mounted before the global middleware too", async () => {
      const before = await scrapeMetrics(h, TOKEN);
      const after = await scrapeMetrics(h, TOKEN);
      const series = 'pitchey_http_requests_total{method="GET",route="/metrics",status="200"}';
      assert.equal(valueOf(after, series) - valueOf(before, series), 1, after.text);
    });

    await t.step("labels a refusal by middleware with the route it was for", async () => {
      const before = await scrapeMetrics(h, TOKEN);
      assert.equal((await h.app.request("/v1/me")).status, 401);
      const after = await scrapeMetrics(h, TOKEN);
      const series = 'pitchey_http_requests_total{method="GET",route="/v1/me",status="401"}';
      assert.equal(valueOf(after, series) - valueOf(before, series), 1, after.text);
    });

    await t.step("puts unknown paths and methods under fixed labels", async () => {
      const before = await scrapeMetrics(h, TOKEN);
      const path = `/no-such-${crypto.randomUUID()}`;
      await h.app.request(path);
      await h.app.request("/v1/pitches", { method: "BREW" });
      const after = await scrapeMetrics(h, TOKEN);
      const unmatched = 'pitchey_http_requests_total{method="GET",route="unmatched",status="404"}';
      assert.equal(valueOf(after, unmatched) - valueOf(before, unmatched), 1, after.text);
      assert.ok(!after.text.includes(path), "raw path leaked");
      assert.ok(!after.text.includes("BREW"), "raw method leaked");
      assert.ok([...after.samples.keys()].some((k) => k.includes('method="OTHER"')), after.text);
    });

    await t.step("counts cache hits of the memory tier by namespace", async () => {
      await h.app.request(`/v1/pitches/${pitch.id}`);
      const before = await scrapeMetrics(h, TOKEN);
      const read = await h.app.request(`/v1/pitches/${pitch.id}`);
      assert.equal(read.status, 200, await read.text());
      const after = await scrapeMetrics(h, TOKEN);
      const hit = 'pitchey_cache_lookups_total{tier="memory",namespace="pitch",result="hit"}';
      assert.equal(valueOf(after, hit) - valueOf(before, hit), 1, after.text);
      assert.ok(requireValue(after, "pitchey_cache_memory_entries") > 0, after.text);
      assert.ok(requireValue(after, "pitchey_cache_memory_bytes") > 0, after.text);
    });

    await t.step("counts database calls and their time", async () => {
      const before = await scrapeMetrics(h, TOKEN);
      await signUpUser(h);
      const after = await scrapeMetrics(h, TOKEN);
      for (const series of ["pitchey_db_calls_total", "pitchey_db_time_seconds_total"]) {
        assert.ok(requireValue(after, series) > requireValue(before, series), series);
      }
      assert.equal(after.types.get("pitchey_db_calls_total"), "counter");
    });

    await t.step("counts job outcomes: the welcome email job succeeded", async () => {
      const before = await scrapeMetrics(h, TOKEN);
      await signUpUser(h);
      await h.deps.background.drain();
      const after = await scrapeMetrics(h, TOKEN);
      const series = 'pitchey_jobs_total{job="send-email",outcome="succeeded"}';
      assert.ok(valueOf(after, series) - valueOf(before, series) >= 1, after.text);
    });

    await t.step("counts billing webhooks by outcome", async () => {
      const before = await scrapeMetrics(h, TOKEN);
      const forged = await postWebhook(h, "{}", "t=1,v1=forged");
      assert.equal(forged.status, 400, await forged.text());
      const applied = await deliver(h, subscriptionEvent(h.clock.now(), { userId: user.id }));
      assert.equal(applied.status, 200);
      const after = await scrapeMetrics(h, TOKEN);
      for (const outcome of ["invalid_signature", "applied"]) {
        const series = `pitchey_billing_webhooks_total{outcome="${outcome}"}`;
        assert.equal(valueOf(after, series) - valueOf(before, series), 1, after.text);
      }
    });

    await t.step("reports process memory and uptime, and no pool for PGlite", async () => {
      const scrape = await scrapeMetrics(h, TOKEN);
      assert.ok(requireValue(scrape, "pitchey_process_resident_memory_bytes") > 0);
      assert.ok(requireValue(scrape, "pitchey_process_uptime_seconds") > 0);
      if (h.deps.database.driver === "pglite") {
        assert.ok(![...scrape.samples.keys()].some((k) => k.startsWith("pitchey_db_pool_")));
      } else {
        assert.ok(requireValue(scrape, 'pitchey_db_pool_max{pool="primary"}') >= 1);
      }
    });
  } finally {
    await h.close();
  }
});

Deno.test("GET /metrics reads outbox depth, its oldest age and failed jobs at scrape time", async () => {
  const h = await createHarness({ metricsToken: TOKEN });
  try {
    const now = h.clock.now();
    const row = (ageMs: number) => ({
      id: `ob_${crypto.randomUUID()}`,
      jobName: "send-email",
      payload: {},
      createdAt: new Date(now - ageMs),
      availableAt: new Date(now + 3_600_000),
    });
    await h.deps.db.insert(outbox).values([row(90_000), row(30_000)]);
    const dead = (status: "pending" | "discarded") => ({
      id: `fj_${crypto.randomUUID()}`,
      messageId: `msg_${crypto.randomUUID()}`,
      jobName: "send-email",
      payload: {},
      error: "Provider refused",
      attempts: 3,
      status,
    });
    await h.deps.db.insert(failedJobs).values([
      dead("pending"),
      dead("pending"),
      dead("discarded"),
    ]);
    const scrape = await scrapeMetrics(h, TOKEN);
    assert.equal(requireValue(scrape, "pitchey_outbox_depth"), 2, scrape.text);
    assert.equal(requireValue(scrape, "pitchey_outbox_oldest_age_seconds"), 90, scrape.text);
    assert.equal(requireValue(scrape, "pitchey_failed_jobs"), 2, scrape.text);
    assert.equal(requireValue(scrape, 'pitchey_scrape_collector_success{collector="outbox"}'), 1);
    // Closing kicks the relay: these rows are not real jobs, so they must not be published.
    await h.deps.db.delete(outbox);
  } finally {
    await h.close();
  }
});

Deno.test("GET /metrics counts rate-limit refusals by policy", async () => {
  const h = await createHarness({ metricsToken: TOKEN, rateLimits: { anonymousPerMinute: 2 } });
  try {
    const before = await scrapeMetrics(h, TOKEN);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.app.request("/v1/plans")).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    const after = await scrapeMetrics(h, TOKEN);
    const series = 'pitchey_rate_limit_refusals_total{policy="api-ip"}';
    assert.equal(valueOf(after, series) - valueOf(before, series), 1, after.text);
    const refused = 'pitchey_http_requests_total{method="GET",route="/v1/plans",status="429"}';
    assert.equal(valueOf(after, refused) - valueOf(before, refused), 1, after.text);
  } finally {
    await h.close();
  }
});

Deno.test("METRICS_TOKEN shorter than 16 characters stops the configuration", () => {
  assert.throws(() => loadConfig({ METRICS_TOKEN: "short" }), /METRICS_TOKEN/);
  assert.equal(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken, TOKEN);
});
