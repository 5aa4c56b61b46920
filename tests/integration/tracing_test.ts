import assert from "node:assert/strict";
import { traceMethods, tracingEnabled } from "../../src/lib/tracing.ts";
import { startOtlpCollectorFake } from "../support/fakes/otlp_collector_fake.ts";

const TRAFFIC = new URL("../support/traced_traffic.ts", import.meta.url).pathname;

Deno.test("tracing", async (t) => {
  await t.step("is off without OTEL_DENO: ports are not wrapped", () => {
    assert.equal(tracingEnabled, false, "this test process runs without OTEL_DENO");
    const port = { name: "x", send: () => Promise.resolve() };
    assert.equal(traceMethods(port, "mailer", ["send"]), port);
  });

  await t.step("with OTEL_DENO=true, spans reach an OTLP collector", async () => {
    const collector = startOtlpCollectorFake();
    try {
      const run = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-all", TRAFFIC],
        env: {
          OTEL_DENO: "true",
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
          OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
          OTEL_SERVICE_NAME: "pitchey-api-test",
          OTEL_DENO_CONSOLE: "ignore",
        },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(run.stderr);
      assert.equal(run.code, 0, stderr);
      assert.ok(collector.contentTypes.every((type) => type === "application/json"));
      const names = new Set(collector.spans.map((span) => span.name));
      for (
        const name of [
          "db.query",
          "queue.enqueue",
          "job.run",
          "mailer.send",
          "payments.createCheckout",
        ]
      ) {
        assert.ok(names.has(name), `no "${name}" span among ${[...names].join(", ")}`);
      }
      if (Deno.env.get("TEST_REDIS_URL")) {
        for (const name of ["cache.get", "redis.read"]) assert.ok(names.has(name), name);
      }
      // The job's own queries are its children: the context follows the work.
      const jobs = new Set(
        collector.spans.filter((s) => s.name === "job.run").map((s) => s.spanId),
      );
      assert.ok(
        collector.spans.some((s) => s.name.startsWith("db.") && jobs.has(s.parentSpanId ?? "")),
        "no database span under a job span",
      );
      const db = collector.spans.find((s) => s.name === "db.query");
      assert.equal(db?.attributes["db.system.name"], "postgresql");
      assert.equal(db?.kind, 3, "a client span (SPAN_KIND_CLIENT)");
    } finally {
      await collector.close();
    }
  });
});
