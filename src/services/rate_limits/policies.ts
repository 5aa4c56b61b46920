import type { RateLimitPolicy } from "../../ports/rate_limiter.ts";
import { type PlanId, PLANS } from "../billing/plans.ts";
import type { RateLimitSettings } from "../../lib/settings.ts";

/**
 * Every rate-limit and lockout policy of the service, as pure data: the API's request rates, the
 * login lockouts, the password-reset limits and the verification-email limit. Each is a sliding
 * window; one attempt costs one unit. The API's request policies use a one-minute window. Policy
 * names are part of every counter key and are what the `RateLimit-Policy` and `RateLimit` fields
 * name, so clients see them: keep them stable.
 *
 * Each policy names its precision (see `RateLimitPrecision`). "local" only for the per-request
 * budgets counted on every request (`api-user-*`, `api-ip`, `search-ip`): a synchronous Redis write
 * there is a cross-ocean round trip for the far region, and an overshoot bounded under 10% of a
 * budget costs a little capacity, not security. Everything that guards credentials or sends mail
 * is "exact": lockouts and reset limits exist to stop guessing, where each unit over is a guess.
 */

export const API_WINDOW_MS = 60_000;

/**
 * A signed-in caller's policy, keyed by user id. One name per plan: a plan change starts a fresh
 * count, and the shared limiter keeps one configured `Ratelimit` per name instead of rebuilding it
 * whenever users of different plans alternate.
 */
export function userApiPolicy(
  plan: PlanId,
  requestsPerMinute = PLANS[plan].limits.apiRequestsPerMinute,
): RateLimitPolicy {
  const id = `${plan}:${requestsPerMinute}`;
  let policy = userPolicies.get(id);
  if (policy === undefined) {
    policy = Object.freeze({
      name: `api-user-${plan}`,
      limit: requestsPerMinute,
      windowMs: API_WINDOW_MS,
      precision: "local",
    });
    userPolicies.set(id, policy);
  }
  return policy;
}

// Asked on every request: one shared, frozen object per plan and limit, so nothing is built per
// request and what is derived from a policy (its `RateLimit-Policy` item) is derived once.
const userPolicies = new Map<string, RateLimitPolicy>();

/** `build(settings)`, once per settings object (settings are built once per process). */
function perSettings(build: (settings: RateLimitSettings) => RateLimitPolicy) {
  const built = new WeakMap<RateLimitSettings, RateLimitPolicy>();
  return (settings: RateLimitSettings): RateLimitPolicy => {
    let policy = built.get(settings);
    if (policy === undefined) {
      policy = Object.freeze(build(settings));
      built.set(settings, policy);
    }
    return policy;
  };
}

/** An anonymous caller's policy, keyed by client address. */
export const anonymousApiPolicy = perSettings((settings) => {
  return {
    name: "api-ip",
    limit: settings.anonymousPerMinute,
    windowMs: API_WINDOW_MS,
    precision: "local",
  };
});

/**
 * The extra per-address policy of the auth routes (sign-up, login, recovery), signed in or not.
 * Exact: it slows credential guessing and sign-up floods, auth posts are never the cached hot
 * path, and 20 a minute is too small a limit to share out between instances within 10%.
 */
export const authRoutePolicy = perSettings((settings) => {
  return {
    name: "auth-ip",
    limit: settings.authPerMinute,
    windowMs: API_WINDOW_MS,
    precision: "exact",
  };
});

/**
 * Searches (`GET /v1/pitches` with `q`) per client address, signed in or not, on top of the
 * caller's request policy. A search is the API's most expensive read, and a unique one misses
 * every cache, so its budget is smaller than the request budget and is keyed by address for
 * everyone: accounts are free, so a per-user budget could be multiplied by signing up. Local:
 * it bounds cost, not access, and a limit too small to share out is decided exactly anyway.
 */
export const searchPolicy = perSettings((settings) => {
  return {
    name: "search-ip",
    limit: settings.searchPerMinute,
    windowMs: API_WINDOW_MS,
    precision: "local",
  };
});

/**
 * Login attempts per account from one client address in 15 minutes. Claimed before the password
 * is hashed, so concurrent guesses cannot overrun it; cleared by a successful login. Tight: it is
 * the budget of whoever sits at that address, and costs the owner elsewhere nothing.
 */
export const LOGIN_ATTEMPTS_PER_ACCOUNT_ADDRESS: RateLimitPolicy = {
  name: "login-attempts-account-address",
  limit: 5,
  windowMs: 15 * 60_000,
  precision: "exact",
};

/**
 * Login attempts per account from all addresses in 15 minutes, claimed like the one above. Loose:
 * it caps a guessing attack spread over many addresses without letting one address lock the
 * owner out.
 */
export const LOGIN_ATTEMPTS_PER_ACCOUNT: RateLimitPolicy = {
  name: "login-attempts-account",
  limit: 50,
  windowMs: 15 * 60_000,
  precision: "exact",
};

/** Failed logins allowed per client address in 15 minutes, across all accounts. */
export const LOGIN_FAILURES_PER_IP: RateLimitPolicy = {
  name: "login-failures-ip",
  limit: 20,
  windowMs: 15 * 60_000,
  precision: "exact",
};

/** Reset emails per address in an hour: enough for a lost email, too few to flood an inbox. */
export const PASSWORD_RESETS_PER_ACCOUNT: RateLimitPolicy = {
  name: "password-reset-account",
  limit: 3,
  windowMs: 60 * 60_000,
  precision: "exact",
};

/** Reset requests per client address in an hour, across all emails. */
export const PASSWORD_RESETS_PER_IP: RateLimitPolicy = {
  name: "password-reset-ip",
  limit: 20,
  windowMs: 60 * 60_000,
  precision: "exact",
};

/** Verification emails a signed-in user may ask for in an hour (`/v1/auth/verify-email/resend`). */
export const VERIFICATION_RESENDS_PER_USER: RateLimitPolicy = {
  name: "verify-email-resend-user",
  limit: 3,
  windowMs: 60 * 60_000,
  precision: "exact",
};
