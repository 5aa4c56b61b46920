import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../context.ts";
import { receiveBillingWebhook } from "../../../services/billing/receive_billing_webhook.ts";
import { validationHook } from "../../validation.ts";
import { stripeWebhookRoute } from "./webhook_routes.ts";

/** Calls from third parties, authenticated by their signature rather than a credential. */
export function webhooksRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(stripeWebhookRoute, async (c) => {
    // The signature covers the exact bytes: read the raw text, never a re-serialised parse.
    const rawBody = await c.req.text();
    const signature = c.req.valid("header")["stripe-signature"] ?? "";
    const { duplicate } = await receiveBillingWebhook({
      ctx: c.get("deps"),
      input: { rawBody, signature },
    });
    return c.json({ received: true as const, duplicate }, 200);
  });

  return router;
}
