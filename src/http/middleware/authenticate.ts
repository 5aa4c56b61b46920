import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../context.ts";
import { resolvePrincipal } from "../../services/accounts/resolve_principal.ts";
import { ForbiddenError, UnauthorizedError } from "../../ports/errors.ts";
import { readSessionCookie } from "../auth/session_cookie.ts";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Resolves the credential of every request, if it has one: `Authorization: Bearer <session token
 * or API key>` first, else the session cookie. An invalid credential is a 401 even on a public
 * route, so a client learns at once that it has been signed out. Two rules hold for every route:
 * a read-only API key cannot change anything, and a cookie-authenticated change must come from an
 * allowed origin (CSRF).
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.var.deps;
    const bearer = parseBearer(c.req.header("authorization"));
    const cookie = bearer === undefined ? readSessionCookie(c) : undefined;
    const token = bearer ?? cookie;
    if (token !== undefined) {
      const principal = await resolvePrincipal({ ctx: deps, input: { token } });
      if (!principal) {
        throw new UnauthorizedError(
          "Credential is invalid, expired or revoked",
          'Bearer error="invalid_token"',
        );
      }
      const mutating = MUTATING.has(c.req.method);
      if (mutating && !principal.scopes.includes("write")) {
        throw new ForbiddenError(`API key "${principal.credentialId}" is read-only`);
      }
      if (mutating && cookie !== undefined && !originAllowed(c.req.header("origin"), deps)) {
        throw new ForbiddenError("Cookie-authenticated changes must come from an allowed origin");
      }
      c.set("principal", principal);
      c.set("credentialSource", bearer !== undefined ? "bearer" : "cookie");
    }
    await next();
  };
}

function parseBearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthorizedError('Authorization header must be "Bearer <token>"');
  return match[1];
}

function originAllowed(
  origin: string | undefined,
  deps: { settings: { corsOrigins: string[]; publicUrl: string } },
): boolean {
  if (!origin) return false;
  return deps.settings.corsOrigins.includes(origin) ||
    new URL(deps.settings.publicUrl).origin === origin;
}
