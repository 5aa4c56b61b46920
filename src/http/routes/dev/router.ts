import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../context.ts";
import {
  completeDevCheckout,
  offlinePayments,
} from "../../../services/billing/complete_dev_checkout.ts";
import { NotFoundError } from "../../../ports/errors.ts";
import { validationHook } from "../../validation.ts";
import { devCheckoutRoute, devPortalRoute } from "./dev_routes.ts";
import { devMailRoute } from "./dev_mail_route.ts";
import { listDevMail } from "../../../services/email/list_dev_mail.ts";

/**
 * The offline stand-ins for the provider's hosted pages, so a front end can be built against
 * upgrades without Stripe keys. Always mounted (the route table stays the same), but each answers
 * 404 unless the payments adapter is the memory one. `GET /dev/mail` (the dev mailer's messages)
 * is mounted only with `mail`: with a real mail provider the route does not exist at all.
 */
export function devRouter(options: { mail: boolean }) {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  if (options.mail) {
    router.openapi(devMailRoute, (c) => {
      const items = listDevMail({ ctx: c.get("deps") }).map((mail) => ({
        id: mail.id,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? null,
        sentAt: new Date(mail.sentAt).toISOString(),
      }));
      return c.json({ items }, 200);
    });
  }

  router.openapi(devCheckoutRoute, async (c) => {
    const { sessionId } = c.req.valid("param");
    const { redirectTo } = await completeDevCheckout({ ctx: c.get("deps"), input: { sessionId } });
    return c.redirect(redirectTo, 302);
  });

  router.openapi(devPortalRoute, (c) => {
    const { customerId } = c.req.valid("param");
    const payments = offlinePayments(c.get("deps").payments);
    const known = payments.checkouts.some((checkout) => checkout.customerId === customerId);
    if (!known) throw new NotFoundError(`Customer "${customerId}" not found`);
    return c.json({
      customerId,
      message: "Offline billing portal: without a payment provider there is nothing to manage",
      returnUrl: `${c.get("deps").settings.appUrl}/billing`,
    }, 200);
  });

  return router;
}
