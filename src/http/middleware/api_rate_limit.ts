import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv, Deps } from "../../context.ts";
import type { RateLimitPolicy } from "../../ports/rate_limiter.ts";
import { resolveEntitlements } from "../../services/billing/resolve_entitlements.ts";
import {
  anonymousApiPolicy,
  authRoutePolicy,
  searchPolicy,
  userApiPolicy,
} from "../../services/rate_limits/policies.ts";
import { clientIp } from "../auth/client_ip.ts";
import { problemResponse } from "../problem.ts";
import {
  formatRateLimit,
  formatRateLimitPolicy,
  type RateLimitOutcome,
} from "../rate_limit_fields.ts";
import { isAuthRoute, isExemptPath, isSearchRequest } from "../rate_limited_paths.ts";

/**
 * Request-rate limits for the whole API; registered right after `authenticate()` so the caller is
 * known. A signed-in caller is counted per user id (sessions and API keys alike) under their
 * plan's limit; an anonymous one per client address. `POST /v1/auth/*` is also counted per client
 * address under a stricter limit, and so is a search (`GET /v1/pitches?q=`), signed in or not.
 * A client address is an IPv4 address or an IPv6 /64 (`clientIp`), so hopping between the
 * addresses of one's own /64 does not refill a budget. Each request costs one unit of each policy
 * that applies, and every limited response, refusals and errors included, carries
 * `RateLimit-Policy` and `RateLimit` (see `rate_limit_fields.ts`); over a limit the request is
 * refused with 429 and `Retry-After`.
 *
 * The limiter never throws for a Redis outage (the fallback adapter answers from per-instance
 * counters after `CACHE_TIMEOUT_MS`, and skips Redis while its circuit is open), so a slow Redis
 * costs a request at most one timeout.
 */
export function apiRateLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get("deps");
    const settings = deps.settings.rateLimits;
    if (!settings.enabled || isExemptPath(c.req.path)) return next();

    const checks = await checksFor(c, deps);
    // Most requests have one policy: no array of promises for them.
    const outcomes: RateLimitOutcome[] = checks.length === 1
      ? [{
        policy: checks[0]!.policy,
        state: await deps.rateLimiter.consume(checks[0]!.policy, checks[0]!.key),
      }]
      : await Promise.all(
        checks.map(async ({ policy, key }) => ({
          policy,
          state: await deps.rateLimiter.consume(policy, key),
        })),
      );
    const policyField = formatRateLimitPolicy(outcomes);
    const rateLimitField = formatRateLimit(outcomes, deps.clock.now());
    const fields = { "ratelimit-policy": policyField, "ratelimit": rateLimitField };

    const refused = outcomes.filter(({ state }) => !state.allowed);
    if (refused.length > 0) {
      const worst = refused.reduce((a, b) =>
        b.state.retryAfterSeconds > a.state.retryAfterSeconds ? b : a
      );
      const { policy, state } = worst;
      return problemResponse(c, {
        slug: "rate-limited",
        detail: `Rate limit "${policy.name}" of ${policy.limit} requests a minute reached; ` +
          `try again in ${state.retryAfterSeconds} seconds`,
        extensions: { retryAfter: state.retryAfterSeconds },
        headers: { ...fields, "retry-after": String(state.retryAfterSeconds) },
      });
    }
    await next();
    // Set on the final response, after the handler: touching `c.res` before it makes Hono build a
    // placeholder response and copy its headers over on every request. Errors raised downstream
    // have already become the problem response here, so they carry the fields too.
    const headers = c.res.headers;
    headers.set("ratelimit-policy", policyField);
    headers.set("ratelimit", rateLimitField);
  };
}

/** The policies that apply to this request, each with the key it is counted under. */
async function checksFor(
  c: Context<AppEnv>,
  deps: Deps,
): Promise<{ policy: RateLimitPolicy; key: string }[]> {
  const settings = deps.settings.rateLimits;
  const principal = c.get("principal");
  const address = clientIp(c);
  const checks = principal
    ? [{ policy: await userPolicy(deps, principal.userId), key: principal.userId }]
    : [{ policy: anonymousApiPolicy(settings), key: address }];
  if (isAuthRoute(c.req.method, c.req.path)) {
    checks.push({ policy: authRoutePolicy(settings), key: address });
  }
  if (isSearchRequest(c.req.method, c.req.path, () => c.req.query("q") !== undefined)) {
    checks.push({ policy: searchPolicy(settings), key: address });
  }
  return checks;
}

/**
 * The plan's policy. `resolveEntitlements` never throws (a user it cannot look up gets the free
 * plan) and is served from the memory tier on the hot path.
 */
async function userPolicy(deps: Deps, userId: string): Promise<RateLimitPolicy> {
  const entitlements = await resolveEntitlements({ ctx: deps, input: { userId } });
  return userApiPolicy(entitlements.plan, entitlements.limits.apiRequestsPerMinute);
}
