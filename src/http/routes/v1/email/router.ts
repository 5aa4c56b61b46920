import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../../../context.ts";
import { readUnsubscribeLink } from "../../../../services/email/read_unsubscribe_link.ts";
import { unsubscribe } from "../../../../services/email/unsubscribe.ts";
import { validationHook } from "../../../validation.ts";
import { confirmationPage, UNSUBSCRIBE_PAGE_CSP, unsubscribedPage } from "./unsubscribe_page.ts";
import { unsubscribePageRoute, unsubscribeRoute } from "./unsubscribe_routes.ts";

/**
 * Email links that need no sign-in: the one-click unsubscribe (RFC 8058) and its confirmation
 * page. The link's signed token is the authority.
 */
export function emailRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(unsubscribePageRoute, async (c) => {
    const { token } = c.req.valid("query");
    const { category } = await readUnsubscribeLink({ ctx: c.get("deps"), input: { token } });
    if (wantsJson(c)) return c.json({ category, unsubscribed: false }, 200);
    c.header("content-security-policy", UNSUBSCRIBE_PAGE_CSP);
    c.header("cache-control", "no-store");
    return c.html(confirmationPage(category, token), 200);
  });

  router.openapi(unsubscribeRoute, async (c) => {
    const { token } = c.req.valid("query");
    const { category } = await unsubscribe({ ctx: c.get("deps"), input: { token } });
    if (!wantsHtml(c)) return c.json({ category, unsubscribed: true }, 200);
    c.header("content-security-policy", UNSUBSCRIBE_PAGE_CSP);
    return c.html(unsubscribedPage(category), 200);
  });

  return router;
}

/** JSON only when asked for it and HTML is not: a browser's click gets the page. */
function wantsJson(c: Context<AppEnv>): boolean {
  const accept = c.req.header("accept") ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

/** A browser posting the confirmation form; mail clients' one-click POSTs get JSON. */
function wantsHtml(c: Context<AppEnv>): boolean {
  return (c.req.header("accept") ?? "").includes("text/html");
}
