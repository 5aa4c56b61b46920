import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import { buildRateLimiter } from "../../src/deps.ts";
import { fromIp } from "../support/accounts.ts";
import { assertProblem } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";

// The request budgets as production wires them with Redis: decided in the isolate, written to
// Redis (through the Upstash REST fake) in batches. Needs TEST_REDIS_URL.
const ignore = !Deno.env.get("TEST_REDIS_URL");

/** `RateLimit: "api-ip";r=<n>;t=<n>` -> n of r. */
const remaining = (response: Response) =>
  Number(/"api-ip";r=(\d+)/.exec(response.headers.get("ratelimit") ?? "")?.[1]);

Deno.test({
  name: "a local request budget counts down in headers and writes Redis once per allowance",
  ignore,
  async fn() {
    // 400 a minute, 4 instances, 10%: 10 units per instance between writes.
    const h = await createHarness({ rateLimits: { anonymousPerMinute: 400 } });
    try {
      await h.app.request("/v1/pitches", {}, fromIp("192.0.2.9")); // fills the list cache
      const before = h.redis!.requests;
      for (let i = 0; i < 400; i++) {
        const response = await h.app.request("/v1/pitches", {}, fromIp("192.0.2.10"));
        assert.equal(response.status, 200, await response.text());
        assert.equal(remaining(response), 399 - i, `request ${i}`);
      }
      const refused = await h.app.request("/v1/pitches", {}, fromIp("192.0.2.10"));
      await assertProblem(refused, 429, "rate-limited");
      const retryAfter = Number(refused.headers.get("retry-after"));
      assert.ok(retryAfter >= 1 && retryAfter <= 120, `Retry-After ${retryAfter}`);
      assert.match(refused.headers.get("ratelimit-policy") ?? "", /"api-ip";q=400;w=60/);
      assert.equal(remaining(refused), 0);
      await h.deps.rateLimiter.flush();
      const calls = h.redis!.requests - before;
      // 40 writes for 400 units, plus the invalidation polls the timer makes meanwhile.
      assert.ok(calls <= 0.2 * 401, `${calls} Redis requests for 401 API requests`);
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "two instances over one Redis share a local budget, overshooting it by under 10%",
  ignore,
  async fn() {
    const h = await createHarness({ rateLimits: { anonymousPerMinute: 400 } });
    // A second instance: the same app and stores, with a rate limiter (local counts) of its own.
    const otherLimiter = buildRateLimiter(h.cacheConfig, h.deps);
    const other = createApp({ ...h.deps, rateLimiter: otherLimiter });
    try {
      const apps = [h.app, other];
      let admitted = 0;
      for (let i = 0; i < 600; i++) {
        const response = await apps[i % 2]!.request("/v1/pitches", {}, fromIp("192.0.2.20"));
        await response.body?.cancel();
        if (response.status === 200) admitted++;
        else assert.equal(response.status, 429);
      }
      assert.ok(admitted >= 400 && admitted <= 440, `${admitted} admitted of a limit of 400`);
      console.log(`two instances admitted ${admitted} of a limit of 400`);
    } finally {
      await otherLimiter.flush();
      await h.close();
    }
  },
});
