import type { RateLimitPolicy } from "../../ports/rate_limiter.ts";
import { type PlanId, PLANS } from "../billing/plans.ts";

/**
 * The API's request-rate policies, as pure data. Every policy is a sliding window of one minute;
 * one request costs one unit. Policy names are part of every counter key and are what the
 * `RateLimit-Policy` and `RateLimit` fields name, so clients see them: keep them stable.
 */

export const API_WINDOW_MS = 60_000;

/** The limits an operator sets (`RATE_LIMIT_*`); plan limits come from `plans.ts`. */
export interface RateLimitSettings {
  /** Off only in tests that fire many requests from one address; always on from `loadConfig`. */
  enabled: boolean;
  /** Requests a minute per client address for callers without a credential. */
  anonymousPerMinute: number;
  /** Requests a minute per client address to `POST /v1/auth/*`, on top of the other limit. */
  authPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  enabled: true,
  anonymousPerMinute: 300,
  authPerMinute: 20,
};

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
 * Paths never limited: operators' probes, the API's own documentation, and callers that are other
 * systems retrying on their own schedule (payment webhooks, queue deliveries). Throttling those
 * would lose events, not slow down a client.
 */
export function isExemptPath(path: string): boolean {
  return path === "/health" || path.startsWith("/health/") ||
    path === "/openapi.json" || path === "/docs" ||
    path.startsWith("/problems/") || path.startsWith("/webhooks/") || path.startsWith("/jobs/");
}

/** Routes that get `authRoutePolicy` on top: every `POST` under `/v1/auth/`. */
export function isAuthRoute(method: string, path: string): boolean {
  return method === "POST" && path.startsWith("/v1/auth/");
}
