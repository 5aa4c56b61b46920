import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { changePlan } from "../../../../services/billing/change_plan.ts";
import { openPortal } from "../../../../services/billing/open_portal.ts";
import { startCheckout } from "../../../../services/billing/start_checkout.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { validationHook } from "../../../validation.ts";
import { changePlanRoute, openPortalRoute, startCheckoutRoute } from "./billing_routes.ts";

/**
 * Checkout, plan change and portal for the signed-in user. The provider's webhook is under
 * `/webhooks`.
 */
export function billingRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(startCheckoutRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { plan, interval } = c.req.valid("json");
    const { url } = await startCheckout({ ctx: c.get("deps"), input: { userId, plan, interval } });
    return c.json({ url }, 200);
  });

  router.openapi(openPortalRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { url } = await openPortal({ ctx: c.get("deps"), input: { userId } });
    return c.json({ url }, 200);
  });

  router.openapi(changePlanRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { plan, interval } = c.req.valid("json");
    const change = await changePlan({ ctx: c.get("deps"), input: { userId, plan, interval } });
    const body = { status: change.status, plan: change.plan, interval: change.interval };
    return change.status === "pending" ? c.json(body, 202) : c.json(body, 200);
  });

  return router;
}
