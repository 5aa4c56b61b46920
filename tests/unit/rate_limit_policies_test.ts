import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/load_config.ts";
import { formatRateLimit, formatRateLimitPolicy } from "../../src/http/rate_limit_fields.ts";
import type { RateLimitState } from "../../src/ports/rate_limiter.ts";
import {
  anonymousApiPolicy,
  authRoutePolicy,
  searchPolicy,
  userApiPolicy,
} from "../../src/services/rate_limits/policies.ts";
import * as policies from "../../src/services/rate_limits/policies.ts";
import { DEFAULT_RATE_LIMITS } from "../../src/lib/settings.ts";
import { isAuthRoute, isExemptPath, isSearchRequest } from "../../src/http/rate_limited_paths.ts";

Deno.test("userApiPolicy gives each plan its requests a minute", () => {
  assert.deepEqual(userApiPolicy("free"), {
    name: "api-user-free",
    limit: 60,
    windowMs: 60_000,
    precision: "local",
  });
  assert.equal(userApiPolicy("pro").limit, 600);
  assert.equal(userApiPolicy("studio").limit, 3_000);
  assert.equal(userApiPolicy("pro", 42).limit, 42, "an entitlement's own limit wins");
});

Deno.test("anonymous and auth-route policies come from the settings", () => {
  assert.deepEqual(anonymousApiPolicy(DEFAULT_RATE_LIMITS), {
    name: "api-ip",
    limit: 300,
    windowMs: 60_000,
    precision: "local",
  });
  assert.deepEqual(authRoutePolicy({ ...DEFAULT_RATE_LIMITS, authPerMinute: 7 }), {
    name: "auth-ip",
    limit: 7,
    windowMs: 60_000,
    precision: "exact",
  });
});

Deno.test("searchPolicy is the configured searches a minute, named search-ip", () => {
  assert.deepEqual(searchPolicy({ ...DEFAULT_RATE_LIMITS, searchPerMinute: 9 }), {
    name: "search-ip",
    limit: 9,
    windowMs: 60_000,
    precision: "local",
  });
  assert.equal(searchPolicy(DEFAULT_RATE_LIMITS).limit, 60, "60 a minute by default");
});

Deno.test("isSearchRequest is a GET or HEAD of the pitch list with q, and nothing else", () => {
  const withQ = () => true;
  const withoutQ = () => false;
  for (const [method, path] of [["GET", "/v1/pitches"], ["HEAD", "/v1/pitches/"]]) {
    assert.ok(isSearchRequest(method!, path!, withQ), `${method} ${path}`);
    assert.ok(!isSearchRequest(method!, path!, withoutQ), `${method} ${path} without q`);
  }
  let asked = 0;
  const counting = () => (asked++, true);
  for (
    const [method, path] of [
      ["POST", "/v1/pitches"],
      ["GET", "/v1/pitches/pit_1"],
      ["GET", "/v1/me/pitches"],
      ["GET", "/v1/admin/users"],
    ]
  ) {
    assert.ok(!isSearchRequest(method!, path!, counting), `${method} ${path}`);
  }
  assert.equal(asked, 0, "the query string is only read for the pitch list");
});

Deno.test("isExemptPath spares probes, docs, webhooks and jobs only", () => {
  for (
    const path of [
      "/health",
      "/health/ready",
      "/openapi.json",
      "/docs",
      "/docs/assets/0a1b/ui.js",
      "/problems/x",
    ]
  ) {
    assert.ok(isExemptPath(path), path);
  }
  for (const path of ["/webhooks/stripe", "/jobs/send-email"]) assert.ok(isExemptPath(path), path);
  for (const path of ["/v1/pitches", "/healthz", "/docs/x", "/v1/health", "/webhooks", "/"]) {
    assert.ok(!isExemptPath(path), path);
  }
});

Deno.test("isAuthRoute matches POST under /v1/auth/ only", () => {
  assert.ok(isAuthRoute("POST", "/v1/auth/login"));
  assert.ok(isAuthRoute("POST", "/v1/auth/password-reset/confirm"));
  assert.ok(!isAuthRoute("GET", "/v1/auth/login"));
  assert.ok(!isAuthRoute("POST", "/v1/authors"));
});

const allowed = (remaining: number, resetAt: number): RateLimitState => ({
  allowed: true,
  limit: 0,
  remaining,
  resetAt,
  retryAfterSeconds: 0,
});

Deno.test("formatRateLimitPolicy writes a structured-field list of q and w", () => {
  const ip = anonymousApiPolicy(DEFAULT_RATE_LIMITS);
  const auth = authRoutePolicy(DEFAULT_RATE_LIMITS);
  assert.equal(
    formatRateLimitPolicy([{ policy: ip, state: allowed(1, 0) }, {
      policy: auth,
      state: allowed(1, 0),
    }]),
    '"api-ip";q=300;w=60, "auth-ip";q=20;w=60',
  );
  assert.throws(
    () =>
      formatRateLimitPolicy([{
        policy: { name: "naïve", limit: 1, windowMs: 1000 },
        state: allowed(1, 0),
      }]),
    RangeError,
  );
});

Deno.test("formatRateLimit: r is what is left, t the seconds to the reset, capped at w", () => {
  const policy = userApiPolicy("free");
  const now = 1_000_000;
  assert.equal(
    formatRateLimit([{ policy, state: allowed(59, now + 29_001) }], now),
    '"api-user-free";r=59;t=30',
  );
  assert.equal(
    formatRateLimit([{ policy, state: allowed(10, now + 500_000) }], now),
    '"api-user-free";r=10;t=60',
  );
  assert.equal(
    formatRateLimit([{ policy, state: allowed(3, now - 5) }], now),
    '"api-user-free";r=3;t=0',
  );
});

Deno.test("formatRateLimit on a refusal: r=0 and t equal to Retry-After", () => {
  const policy = userApiPolicy("free");
  const refused: RateLimitState = {
    allowed: false,
    limit: 60,
    remaining: 0,
    resetAt: 2_000_000,
    retryAfterSeconds: 17,
  };
  assert.equal(
    formatRateLimit([{ policy, state: refused }], 1_000_000),
    '"api-user-free";r=0;t=17',
  );
});

Deno.test("loadConfig reads RATE_LIMIT_* with defaults, and limits are always on", () => {
  assert.deepEqual(loadConfig({}).rateLimits, {
    enabled: true,
    anonymousPerMinute: 300,
    authPerMinute: 20,
    searchPerMinute: 60,
  });
  const custom = loadConfig({
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: "120",
    RATE_LIMIT_AUTH_PER_MINUTE: "5",
    RATE_LIMIT_SEARCH_PER_MINUTE: "12",
  });
  assert.deepEqual(custom.rateLimits, {
    enabled: true,
    anonymousPerMinute: 120,
    authPerMinute: 5,
    searchPerMinute: 12,
  });
  assert.throws(
    () => loadConfig({ RATE_LIMIT_AUTH_PER_MINUTE: "0" }),
    (error: Error) => error.message.includes("RATE_LIMIT_AUTH_PER_MINUTE"),
  );
  assert.throws(
    () => loadConfig({ RATE_LIMIT_SEARCH_PER_MINUTE: "none" }),
    (error: Error) => error.message.includes("RATE_LIMIT_SEARCH_PER_MINUTE"),
  );
});

Deno.test("every policy names its precision; only the per-request budgets are local", () => {
  const all = [
    userApiPolicy("free"),
    userApiPolicy("pro"),
    userApiPolicy("studio"),
    anonymousApiPolicy(DEFAULT_RATE_LIMITS),
    authRoutePolicy(DEFAULT_RATE_LIMITS),
    searchPolicy(DEFAULT_RATE_LIMITS),
    ...Object.values(policies).filter((value) => typeof value === "object"),
  ];
  for (const policy of all) {
    assert.ok(policy.precision, `policy "${policy.name}" names no precision`);
  }
  const local = all.filter((policy) => policy.precision === "local").map((p) => p.name);
  assert.deepEqual(local, [
    "api-user-free",
    "api-user-pro",
    "api-user-studio",
    "api-ip",
    "search-ip",
  ]);
  const exact = all.filter((policy) => policy.precision === "exact").map((p) => p.name);
  for (const name of exact) {
    assert.match(name, /^(auth|login|password-reset|verify-email)-/, `"${name}" is exact`);
  }
  assert.equal(exact.length, 7, `auth-ip and the six lockout and mail policies: ${exact}`);
});

Deno.test("loadConfig reads RATE_LIMIT_LOCAL_* with defaults and caps the overshoot at 10%", () => {
  const { rateLimitFlushMs, rateLimitInstances, rateLimitOvershootPercent } = loadConfig({}).tuning;
  assert.deepEqual([rateLimitFlushMs, rateLimitInstances, rateLimitOvershootPercent], [500, 4, 10]);
  const custom = loadConfig({
    RATE_LIMIT_LOCAL_FLUSH_MS: "250",
    RATE_LIMIT_LOCAL_INSTANCES: "6",
    RATE_LIMIT_LOCAL_OVERSHOOT_PERCENT: "0",
  }).tuning;
  assert.deepEqual(
    [custom.rateLimitFlushMs, custom.rateLimitInstances, custom.rateLimitOvershootPercent],
    [250, 6, 0],
  );
  assert.throws(
    () => loadConfig({ RATE_LIMIT_LOCAL_OVERSHOOT_PERCENT: "11" }),
    (error: Error) => error.message.includes("RATE_LIMIT_LOCAL_OVERSHOOT_PERCENT"),
  );
  assert.throws(
    () => loadConfig({ RATE_LIMIT_LOCAL_INSTANCES: "0" }),
    (error: Error) => error.message.includes("RATE_LIMIT_LOCAL_INSTANCES"),
  );
});
