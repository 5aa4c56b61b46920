import assert from "node:assert/strict";
import { createHarness, TEST_ORIGIN } from "../support/harness.ts";
import { requestCalls } from "../support/request_calls.ts";

Deno.test("request context: ids, timing, region and one log line per request", async (t) => {
  const h = await createHarness();
  try {
    await t.step("a sane client X-Request-Id is echoed back", async () => {
      const response = await h.app.request("/health", {
        headers: { "x-request-id": "client-trace-0001" },
      });
      await response.body?.cancel();
      assert.equal(response.headers.get("x-request-id"), "client-trace-0001");
    });

    await t.step("an unsafe or oversized X-Request-Id is replaced by a generated one", async () => {
      for (const bad of ["short", "has spaces in it", "x".repeat(200), "evil\u00e9value1"]) {
        const response = await h.app.request("/health", { headers: { "x-request-id": bad } });
        await response.body?.cancel();
        const id = response.headers.get("x-request-id") ?? "";
        assert.match(id, /^req_[0-9a-f]{32}$/, `for ${JSON.stringify(bad)} got ${id}`);
      }
    });

    await t.step("generated request ids are unique", async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const response = await h.app.request("/health");
        await response.body?.cancel();
        ids.add(response.headers.get("x-request-id") ?? "");
      }
      assert.equal(ids.size, 20);
    });

    await t.step("responses carry X-Region and Server-Timing with database time", async () => {
      const response = await h.app.request("/health/ready");
      await response.body?.cancel();
      assert.equal(response.headers.get("x-region"), "test");
      const timing = response.headers.get("server-timing") ?? "";
      assert.match(timing, /(^|, )db;dur=\d+(\.\d+)?;desc="\d+ calls?"/, timing);
      assert.match(timing, /total;dur=\d+(\.\d+)?$/, timing);
      const calls = requestCalls(response);
      assert.ok(calls.sql >= 1, timing);
      assert.equal(calls.redisWrite, 0, timing);
    });

    await t.step("Server-Timing counts nothing sent for a request that needs nothing", async () => {
      const response = await h.app.request("/health");
      await response.body?.cancel();
      assert.deepEqual(requestCalls(response), { sql: 0, redisRead: 0, redisWrite: 0 });
    });

    await t.step("each request writes one structured log line without secrets", async () => {
      const before = h.logger.lines.length;
      const response = await h.app.request("/no/where?token=secret-reset-token", {
        headers: { authorization: "Bearer sk_live_abcdef", cookie: "session=xyz" },
      });
      await response.body?.cancel();
      const lines = h.logger.lines.slice(before).filter((l) => l.message === "request");
      assert.equal(lines.length, 1, JSON.stringify(lines));
      const line = lines[0]!;
      assert.equal(line.method, "GET");
      assert.equal(line.status, 401, "a made-up bearer token is refused");
      assert.equal(line.path, "/no/where");
      assert.equal(line.region, "test");
      assert.equal(line.requestId, response.headers.get("x-request-id"));
      assert.equal(typeof line.durationMs, "number");
      const text = JSON.stringify(line);
      for (const secret of ["secret-reset-token", "sk_live_abcdef", "session=xyz"]) {
        assert.ok(!text.includes(secret), `log line leaks ${secret}: ${text}`);
      }
    });

    await t.step("the route pattern, not the raw path, names the route in logs", async () => {
      const before = h.logger.lines.length;
      const response = await h.app.request("/problems/not-found");
      await response.body?.cancel();
      const line = h.logger.lines.slice(before).find((l) => l.message === "request");
      assert.equal(line?.route, "/problems/:slug");
    });

    await t.step("security headers are set on API responses", async () => {
      const response = await h.app.request("/health");
      await response.body?.cancel();
      assert.equal(response.headers.get("x-content-type-options"), "nosniff");
      assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'none'/);
      assert.match(response.headers.get("strict-transport-security") ?? "", /max-age=\d+/);
      assert.equal(response.headers.get("x-frame-options"), "DENY");
      assert.equal(response.headers.get("referrer-policy"), "no-referrer");
      assert.equal(response.headers.get("cross-origin-resource-policy"), "same-site");
    });

    await t.step(
      "security headers are on errors too, and a page keeps its own policy",
      async () => {
        const missing = await h.app.request("/no/such/route");
        await missing.body?.cancel();
        assert.equal(missing.headers.get("x-content-type-options"), "nosniff");
        assert.match(missing.headers.get("content-security-policy") ?? "", /default-src 'none'/);
        const docs = await h.app.request("/docs");
        await docs.body?.cancel();
        const policy = docs.headers.get("content-security-policy") ?? "";
        assert.doesNotMatch(policy, /^default-src 'none'; frame-ancestors 'none'$/, policy);
        assert.equal(docs.headers.get("x-content-type-options"), "nosniff");
      },
    );
  } finally {
    await h.close();
  }
});

Deno.test("CORS answers only origins on the allowlist", async (t) => {
  const h = await createHarness({ corsOrigins: [TEST_ORIGIN] });
  try {
    await t.step("an allowed origin gets the allow headers with credentials", async () => {
      const response = await h.app.request("/health", { headers: { origin: TEST_ORIGIN } });
      await response.body?.cancel();
      assert.equal(response.headers.get("access-control-allow-origin"), TEST_ORIGIN);
      assert.equal(response.headers.get("access-control-allow-credentials"), "true");
      assert.match(response.headers.get("access-control-expose-headers") ?? "", /X-Request-Id/);
      assert.match(response.headers.get("vary") ?? "", /Origin/i);
    });

    await t.step("an allowed origin may read every header a front end needs", async () => {
      const response = await h.app.request("/health", { headers: { origin: TEST_ORIGIN } });
      await response.body?.cancel();
      const exposed = (response.headers.get("access-control-expose-headers") ?? "")
        .split(",").map((name) => name.trim().toLowerCase());
      // `Location` of a 201 or 202, downloads' file names, and what retries and caching need.
      for (
        const name of [
          "Location",
          "Content-Disposition",
          "ETag",
          "RateLimit",
          "RateLimit-Policy",
          "Retry-After",
          "X-Request-Id",
        ]
      ) {
        assert.ok(exposed.includes(name.toLowerCase()), `${name} not in ${exposed.join(", ")}`);
      }
    });

    await t.step("a preflight from an allowed origin lists methods and headers", async () => {
      const response = await h.app.request("/jobs/send-email", {
        method: "OPTIONS",
        headers: {
          origin: TEST_ORIGIN,
          "access-control-request-method": "PATCH",
          "access-control-request-headers": "authorization, content-type, if-match",
        },
      });
      await response.body?.cancel();
      assert.equal(response.status, 204);
      assert.equal(response.headers.get("access-control-allow-origin"), TEST_ORIGIN);
      assert.match(response.headers.get("access-control-allow-methods") ?? "", /PATCH/);
      assert.match(response.headers.get("access-control-allow-headers") ?? "", /If-Match/i);
    });

    await t.step("another origin gets no allow header, simple request or preflight", async () => {
      for (const origin of ["https://evil.example", "null", `${TEST_ORIGIN}.evil.example`]) {
        const simple = await h.app.request("/health", { headers: { origin } });
        await simple.body?.cancel();
        assert.equal(simple.headers.get("access-control-allow-origin"), null, origin);
        const preflight = await h.app.request("/health", {
          method: "OPTIONS",
          headers: { origin, "access-control-request-method": "GET" },
        });
        await preflight.body?.cancel();
        assert.equal(preflight.headers.get("access-control-allow-origin"), null, origin);
      }
    });
  } finally {
    await h.close();
  }
});
