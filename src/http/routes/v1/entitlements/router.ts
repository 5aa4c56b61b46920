import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { checkEntitlement } from "../../../../services/billing/check_entitlement.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { jsonAnswer } from "../../../json_answer.ts";
import { validationHook } from "../../../validation.ts";
import { checkEntitlementRoute } from "./entitlements_routes.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The entitlement check, which may consume quota. The plans themselves are `GET /v1/plans`. */
export function entitlementsRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(checkEntitlementRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { feature, consume } = c.req.valid("json");
    const result = await checkEntitlement({
      ctx: c.get("deps"),
      input: { userId, feature, consume },
    });
    return jsonAnswer({
      feature,
      allowed: result.allowed,
      remaining: result.remaining,
      resetsAt: iso(result.resetsAt),
    }, { "cache-control": "private, no-store" });
  });

  return router;
}
