import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../context.ts";
import { openPortal } from "../../../services/billing/open_portal.ts";
import { receiveBillingWebhook } from "../../../services/billing/receive_billing_webhook.ts";
import { startCheckout } from "../../../services/billing/start_checkout.ts";
import { requirePrincipal } from "../../auth/guards.ts";
import { validationHook } from "../../validation.ts";
import { openPortalRoute, startCheckoutRoute, stripeWebhookRoute } from "./billing_routes.ts";

/** Checkout and portal for the signed-in user, and the provider's webhook. */
export function billingRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(startCheckoutRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { plan, interval } = c.req.valid("json");
    const { url } = await startCheckout({ ctx: c.var.deps, input: { userId, plan, interval } });
    return c.json({ url }, 200);
  });

  router.openapi(openPortalRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { url } = await openPortal({ ctx: c.var.deps, input: { userId } });
    return c.json({ url }, 200);
  });

  router.openapi(stripeWebhookRoute, async (c) => {
    // The signature covers the exact bytes: read the raw text, never a re-serialised parse.
    const rawBody = await c.req.text();
    const signature = c.req.valid("header")["stripe-signature"] ?? "";
    const { duplicate } = await receiveBillingWebhook({
      ctx: c.var.deps,
      input: { rawBody, signature },
    });
    return c.json({ received: true as const, duplicate }, 200);
  });

  return router;
}
