import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../../context.ts";
import { ForbiddenError, UnauthorizedError } from "../../ports/errors.ts";
import type { UserRole } from "../../lib/enums.ts";
import type { Principal } from "../../lib/principal.ts";

/** The caller's principal, or a 401 problem when the request carries no credential. */
export function requirePrincipal(c: Context<AppEnv>): Principal {
  const principal = c.get("principal");
  if (!principal) {
    throw new UnauthorizedError("Authentication required: send a session token or an API key");
  }
  return principal;
}

/** Route middleware: only signed-in callers (any credential) pass. */
export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requirePrincipal(c);
    await next();
  };
}

/** Route middleware: only a browser or app session passes (API keys cannot manage credentials). */
export function requireSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = requirePrincipal(c);
    if (principal.via !== "session") {
      throw new ForbiddenError("This operation needs a signed-in session, not an API key");
    }
    await next();
  };
}

/** Route middleware: only callers with one of `roles` pass; others get 403, anonymous 401. */
export function requireRole(...roles: UserRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = requirePrincipal(c);
    if (!roles.includes(principal.role)) {
      throw new ForbiddenError(`Role "${principal.role}" may not use "${c.req.path}"`);
    }
    await next();
  };
}
