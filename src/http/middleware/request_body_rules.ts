import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../context.ts";

/**
 * The rules for request bodies (the size cap, then JSON only) as one layer of the chain, which a
 * request without a body (most are reads) passes at once: every layer is an async frame and a
 * dispatch on each request. Each rule is a middleware as Hono runs them; a rule that answers
 * (413, 415) ends the request there, as it would in Hono's own chain.
 */
export function requestBodyRules(
  rules: ReadonlyArray<MiddlewareHandler<AppEnv>>,
): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    // The size cap's own first test: no body, nothing for any rule to look at.
    if (!c.req.raw.body) return next();
    const run = async (index: number): Promise<void> => {
      if (index === rules.length) return await next();
      const answer = await rules[index]!(c, () => run(index + 1));
      if (answer instanceof Response) c.res = answer;
    };
    return run(0);
  };
}
