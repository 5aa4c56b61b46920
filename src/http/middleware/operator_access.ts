import type { MiddlewareHandler } from "hono";
import { every } from "hono/combine";
import type { AppEnv } from "../../context.ts";
import { requireRole } from "../auth/guards.ts";
import { metricsTokenStatus } from "../auth/metrics_token.ts";
import { authenticate, refuseRejectedCredential } from "./authenticate.ts";

/**
 * For operator routes mounted before the global `authenticate`: the metrics token passes as it is
 * (it is not a session, so it is never looked up as one); anything else must be an admin's
 * credential, checked as on every other route (401 without or with a bad one, 403 for other roles).
 */
export function requireAdminOrMetricsToken(): MiddlewareHandler<AppEnv> {
  const admin = every(authenticate(), refuseRejectedCredential(), requireRole("admin"));
  return async (c, next) => {
    if (metricsTokenStatus(c) === "valid") return await next();
    await admin(c, next);
  };
}
