import assert from "node:assert/strict";
import { MetricRegistry } from "../../src/lib/metrics/registry.ts";
import { parsePrometheus } from "../support/prometheus.ts";

function render(registry: MetricRegistry): string {
  const lines: string[] = [];
  registry.write(lines);
  return lines.join("\n") + "\n";
}

Deno.test("MetricRegistry", async (t) => {
  await t.step("writes HELP and TYPE before a counter's samples, one per label set", () => {
    const registry = new MetricRegistry();
    const calls = registry.counter({ name: "x_calls_total", help: "Calls.", labels: ["kind"] });
    calls.at("read").inc();
    calls.at("read").inc(2);
    calls.at("write").inc();
    const text = render(registry);
    assert.equal(
      text,
      '# HELP x_calls_total Calls.\n# TYPE x_calls_total counter\nx_calls_total{kind="read"} 3\n' +
        'x_calls_total{kind="write"} 1\n',
    );
    assert.equal(calls.at("read"), calls.at("read"), "a label set resolves to one series");
  });

  await t.step("escapes backslashes, quotes and line feeds in label values and HELP", () => {
    const registry = new MetricRegistry();
    const c = registry.counter({ name: "x_total", help: "a \\ b\nc", labels: ["v"] });
    c.at('say "hi"\\\n').inc();
    const text = render(registry);
    assert.match(text, /^# HELP x_total a \\\\ b\\nc$/m);
    assert.ok(text.includes('x_total{v="say \\"hi\\"\\\\\\n"} 1'), text);
    assert.equal(parsePrometheus(text).samples.size, 1);
  });

  await t.step("writes cumulative histogram buckets ending in +Inf, then _sum and _count", () => {
    const registry = new MetricRegistry();
    const h = registry.histogram({
      name: "x_seconds",
      help: "Latency.",
      labels: ["route", "class"],
      buckets: [0.5, 0.1, 1],
    });
    for (const seconds of [0.05, 0.1, 0.3, 2]) h.at("/a/:id", "2xx").observe(seconds);
    const scrape = parsePrometheus(render(registry));
    const bucket = (le: string) =>
      scrape.samples.get(`x_seconds_bucket{route="/a/:id",class="2xx",le="${le}"}`);
    assert.deepEqual([bucket("0.1"), bucket("0.5"), bucket("1"), bucket("+Inf")], [2, 3, 3, 4]);
    assert.equal(scrape.samples.get('x_seconds_sum{route="/a/:id",class="2xx"}'), 2.45);
    assert.equal(scrape.samples.get('x_seconds_count{route="/a/:id",class="2xx"}'), 4);
    assert.equal(scrape.types.get("x_seconds"), "histogram");
  });

  await t.step("reads collected families when written, with their declared type", () => {
    const registry = new MetricRegistry();
    let depth = 1;
    registry.collected({
      name: "x_depth",
      help: "Depth.",
      type: "gauge",
      collect: () => [{ values: [], value: depth }],
    });
    depth = 7;
    const scrape = parsePrometheus(render(registry));
    assert.equal(scrape.samples.get("x_depth"), 7);
    assert.equal(scrape.types.get("x_depth"), "gauge");
  });

  await t.step("refuses a duplicate family and an invalid name", () => {
    const registry = new MetricRegistry();
    registry.counter({ name: "x_total", help: "X." });
    assert.throws(() => registry.counter({ name: "x_total", help: "X." }), /declared twice/);
    assert.throws(() => registry.counter({ name: "x-total", help: "X." }), /valid Prometheus/);
  });
});
