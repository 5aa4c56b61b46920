import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import type { RuntimeSettings } from "../../../../lib/settings.ts";
import { sha256Hex } from "../../../../lib/secure_tokens.ts";
import { PLAN_IDS, PLANS } from "../../../../services/billing/plans.ts";
import { ifNoneMatchHit } from "../../../conditional.ts";
import { validationHook } from "../../../validation.ts";
import { listPlansRoute } from "./plans_routes.ts";

/** The plans with their prices: public. The caller's own plan is `GET /v1/me/entitlements`. */
export function plansRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  // Plans and prices are fixed for the life of the isolate: shape and hash them once.
  let plans: { body: ReturnType<typeof plansBody>; etag: string } | undefined;
  router.openapi(listPlansRoute, (c) => {
    if (!plans) {
      const body = plansBody(c.get("deps").settings.prices);
      plans = { body, etag: `"${sha256Hex(JSON.stringify(body)).slice(0, 32)}"` };
    }
    const { body, etag } = plans;
    c.header("etag", etag);
    c.header("cache-control", "public, max-age=3600");
    if (ifNoneMatchHit(c.req.valid("header")["if-none-match"], etag)) return c.body(null, 304);
    return c.json(body, 200);
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
