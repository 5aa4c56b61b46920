import type { RateLimitPolicy } from "../../ports/rate_limiter.ts";
import { type PlanId, PLANS } from "../billing/plans.ts";
import type { RateLimitSettings } from "../../lib/settings.ts";

/**
 * Every rate-limit and lockout policy of the service, as pure data: the API's request rates, the
 * login lockouts, the password-reset limits and the verification-email limit. Each is a sliding window; one attempt costs one
 * unit. The API's request policies use a one-minute window. Policy names are part of every counter key and are what the
 * `RateLimit-Policy` and `RateLimit` fields name, so clients see them: keep them stable.
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
  return { name: `api-user-${plan}`, limit: requestsPerMinute, windowMs: API_WINDOW_MS };
}

/** An anonymous caller's policy, keyed by client address. */
export function anonymousApiPolicy(settings: RateLimitSettings): RateLimitPolicy {
  return { name: "api-ip", limit: settings.anonymousPerMinute, windowMs: API_WINDOW_MS };
}

/** The extra per-address policy of the auth routes (sign-up, login, recovery), signed in or not. */
export function authRoutePolicy(settings: RateLimitSettings): RateLimitPolicy {
  return { name: "auth-ip", limit: settings.authPerMinute, windowMs: API_WINDOW_MS };
}

/**
 * Searches (`GET /v1/pitches` with `q`) per client address, signed in or not, on top of the
 * caller's request policy. A search is the API's most expensive read, and a unique one misses
 * every cache, so its budget is smaller than the request budget and is keyed by address for
 * everyone: accounts are free, so a per-user budget could be multiplied by signing up.
 */
export function searchPolicy(settings: RateLimitSettings): RateLimitPolicy {
  return { name: "search-ip", limit: settings.searchPerMinute, windowMs: API_WINDOW_MS };
}

/**
 * Login attempts per account from one client address in 15 minutes. Claimed before the password
 * is hashed, so concurrent guesses cannot overrun it; cleared by a successful login. Tight: it is
 * the budget of whoever sits at that address, and costs the owner elsewhere nothing.
 */
export const LOGIN_ATTEMPTS_PER_ACCOUNT_ADDRESS: RateLimitPolicy = {
  name: "login-attempts-account-address",
  limit: 5,
  windowMs: 15 * 60_000,
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
};

/** Failed logins allowed per client address in 15 minutes, across all accounts. */
export const LOGIN_FAILURES_PER_IP: RateLimitPolicy = {
  name: "login-failures-ip",
  limit: 20,
  windowMs: 15 * 60_000,
};

/** Reset emails per address in an hour: enough for a lost email, too few to flood an inbox. */
export const PASSWORD_RESETS_PER_ACCOUNT: RateLimitPolicy = {
  name: "password-reset-account",
  limit: 3,
  windowMs: 60 * 60_000,
};

/** Reset requests per client address in an hour, across all emails. */
export const PASSWORD_RESETS_PER_IP: RateLimitPolicy = {
  name: "password-reset-ip",
  limit: 20,
  windowMs: 60 * 60_000,
};

/** Verification emails a signed-in user may ask for in an hour (`/v1/auth/verify-email/resend`). */
export const VERIFICATION_RESENDS_PER_USER: RateLimitPolicy = {
  name: "verify-email-resend-user",
  limit: 3,
  windowMs: 60 * 60_000,
};
