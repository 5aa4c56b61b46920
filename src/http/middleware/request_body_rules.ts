import type { MiddlewareHandler } from "hono";
import { every } from "hono/combine";
import type { AppEnv } from "../../context.ts";

/**
 * The rules for request bodies (the size cap, then JSON only) as one layer of the chain, which a
 * request without a body (most are reads) passes at once: every layer is an async frame and a
 * dispatch on each request. The rules run through Hono's own `every` (its compose), so a rule that
 * answers (413, 415) ends the request there, as it would as a layer of its own.
 */
export function requestBodyRules(
  rules: ReadonlyArray<MiddlewareHandler<AppEnv>>,
): MiddlewareHandler<AppEnv> {
  const all = every(...rules);
  return (c, next) => {
    // The size cap's own first test: no body, nothing for any rule to look at.
    if (!c.req.raw.body) return next();
    return all(c, next);
  };
}
