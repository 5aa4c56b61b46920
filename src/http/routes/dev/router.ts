import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../context.ts";
import {
  completeDevCheckout,
  offlinePayments,
} from "../../../services/billing/complete_dev_checkout.ts";
import { NotFoundError } from "../../../ports/errors.ts";
import { validationHook } from "../../validation.ts";
import { devCheckoutRoute, devPortalRoute } from "./dev_routes.ts";

/**
 * The offline stand-ins for the provider's hosted pages, so a front end can be built against
 * upgrades without Stripe keys. Always mounted (the route table stays the same), but each answers
 * 404 unless the payments adapter is the memory one.
 */
export function devRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(devCheckoutRoute, async (c) => {
    const { sessionId } = c.req.valid("param");
    const { redirectTo } = await completeDevCheckout({ ctx: c.var.deps, input: { sessionId } });
    return c.redirect(redirectTo, 302);
  });

  router.openapi(devPortalRoute, (c) => {
    const { customerId } = c.req.valid("param");
    const payments = offlinePayments(c.var.deps.payments);
    const known = payments.checkouts.some((checkout) => checkout.customerId === customerId);
    if (!known) throw new NotFoundError(`Customer "${customerId}" not found`);
    return c.json({
      customerId,
      message: "Offline billing portal: without a payment provider there is nothing to manage",
      returnUrl: `${c.var.deps.settings.appUrl}/billing`,
    }, 200);
  });

  return router;
}
