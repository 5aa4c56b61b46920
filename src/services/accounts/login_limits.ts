import type { RateLimitPolicy } from "../../ports/rate_limiter.ts";

/** Failed logins allowed per account in 15 minutes, whatever the source address. */
export const LOGIN_FAILURES_PER_ACCOUNT: RateLimitPolicy = {
  name: "login-failures-account",
  limit: 5,
  windowMs: 15 * 60_000,
};

/** Failed logins allowed per client address in 15 minutes, across all accounts. */
export const LOGIN_FAILURES_PER_IP: RateLimitPolicy = {
  name: "login-failures-ip",
  limit: 20,
  windowMs: 15 * 60_000,
};
