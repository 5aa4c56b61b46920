import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../../context.ts";

/**
 * Secure defaults for a JSON API: nothing may be framed, sniffed or loaded from a response. A route
 * that renders in a browser (the docs page) sets its own Content-Security-Policy, which is kept:
 * Hono's middleware would otherwise overwrite it after the handler ran.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  const defaults = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    crossOriginResourcePolicy: "same-site",
    referrerPolicy: "no-referrer",
    strictTransportSecurity: "max-age=63072000; includeSubDomains",
    xFrameOptions: "DENY",
  }) as MiddlewareHandler<AppEnv>;
  return async (c, next) => {
    let routePolicy: string | null = null;
    await defaults(c, async () => {
      await next();
      routePolicy = c.res.headers.get("content-security-policy");
    });
    if (routePolicy) c.res.headers.set("content-security-policy", routePolicy);
  };
}
