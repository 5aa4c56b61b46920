import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../context.ts";
import { sha256Hex } from "../../../lib/secure_tokens.ts";
import { checkEntitlement } from "../../../services/billing/check_entitlement.ts";
import { getMyEntitlements } from "../../../services/billing/get_my_entitlements.ts";
import { PLAN_IDS, PLANS } from "../../../services/billing/plans.ts";
import { requirePrincipal } from "../../auth/guards.ts";
import { ifNoneMatchHit } from "../../conditional.ts";
import { validationHook } from "../../validation.ts";
import {
  checkEntitlementRoute,
  getMyEntitlementsRoute,
  listPlansRoute,
} from "./entitlements_routes.ts";
import type { RuntimeSettings } from "../../../lib/settings.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Plans (public), the caller's entitlements and usage, and the entitlement check. */
export function entitlementsRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  // Plans and prices are fixed for the life of the isolate: shape and hash them once.
  let plans: { body: ReturnType<typeof plansBody>; etag: string } | undefined;
  router.openapi(listPlansRoute, (c) => {
    if (!plans) {
      const body = plansBody(c.var.deps.settings.prices);
      plans = { body, etag: `"${sha256Hex(JSON.stringify(body)).slice(0, 32)}"` };
    }
    const { body, etag } = plans;
    c.header("etag", etag);
    c.header("cache-control", "public, max-age=3600");
    if (ifNoneMatchHit(c.req.valid("header")["if-none-match"], etag)) return c.body(null, 304);
    return c.json(body, 200);
  });

  router.openapi(getMyEntitlementsRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { entitlements: e, usage } = await getMyEntitlements({
      ctx: c.var.deps,
      input: { userId },
    });
    c.header("cache-control", "private, no-store");
    const shaped = Object.fromEntries(
      Object.entries(usage).map(([metric, u]) => [metric, { ...u, resetsAt: iso(u.resetsAt) }]),
    );
    return c.json({
      plan: e.plan,
      status: e.status,
      features: e.features,
      limits: e.limits,
      graceUntil: iso(e.graceUntil),
      usage: shaped,
    }, 200);
  });

  router.openapi(checkEntitlementRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { feature, consume } = c.req.valid("json");
    const result = await checkEntitlement({
      ctx: c.var.deps,
      input: { userId, feature, consume },
    });
    c.header("cache-control", "private, no-store");
    return c.json({
      feature,
      allowed: result.allowed,
      remaining: result.remaining,
      resetsAt: iso(result.resetsAt),
    }, 200);
  });

  return router;
}

function plansBody(prices: RuntimeSettings["prices"]) {
  return {
    items: PLAN_IDS.map((id) => {
      const plan = PLANS[id];
      const paid = id === "free" || plan.amounts === null ? null : {
        month: { amount: plan.amounts.month, currency: "usd" as const, priceId: prices[id].month },
        year: { amount: plan.amounts.year, currency: "usd" as const, priceId: prices[id].year },
      };
      return {
        id,
        name: plan.name,
        features: plan.features,
        limits: plan.limits,
        prices: paid,
      };
    }),
  };
}
