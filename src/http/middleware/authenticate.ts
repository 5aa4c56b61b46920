import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../../context.ts";
import { resolvePrincipal } from "../../services/accounts/resolve_principal.ts";
import { isTouchDue, SESSION_TTL_MS } from "../../services/accounts/principal.ts";
import { ForbiddenError, UnauthorizedError } from "../../ports/errors.ts";
import {
  EXPIRED_SESSION_COOKIE,
  readSessionCookie,
  sessionCookieValue,
  setsSessionCookie,
} from "../auth/session_cookie.ts";
import { isAuthRoute } from "../rate_limited_paths.ts";
import type { Principal } from "../../lib/principal.ts";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Resolves the credential of every request, if it has one: `Authorization: Bearer <session token
 * or API key>` first, else the session cookie. An invalid credential is a 401 even on a public
 * route, so a client learns at once that it has been signed out; the 401 is raised by
 * `refuseRejectedCredential` after the rate limiter has counted the request. Two exceptions: the
 * auth routes (sign-up, login, recovery) ignore a dead cookie, or a stale cookie would lock the
 * browser out of signing in again; and a 401 caused by a cookie also expires that cookie.
 * Two rules hold for every route: a read-only API key cannot change anything, and a
 * cookie-authenticated change must come from an allowed origin (CSRF).
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get("deps");
    let bearer: string | undefined;
    try {
      bearer = parseBearer(c.req.header("authorization"));
    } catch (error) {
      c.set("rejectedCredential", error as Error);
      return await next();
    }
    const cookie = bearer === undefined ? readSessionCookie(c) : undefined;
    const token = bearer ?? cookie;
    if (token !== undefined) {
      const principal = await resolvePrincipal({ ctx: deps, input: { token } });
      if (!principal) {
        if (cookie === undefined || !isAuthRoute(c.req.method, c.req.path)) {
          c.set("rejectedCredential", invalidCredential(cookie !== undefined));
        }
        return await next();
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
      const slid = cookie === undefined ? undefined : slidCookie(c, cookie, principal);
      if (slid !== undefined) {
        await next();
        // On the built response, after the handler: a handler may then answer with a Response of
        // its own (see `json_answer.ts`), which would drop a header set on the context before it.
        // A sign-in or sign-out that wrote the cookie itself wins.
        const headers = c.res.headers;
        if (!setsSessionCookie(headers)) headers.append("set-cookie", slid);
        return;
      }
    }
    await next();
  };
}

/** Answers the 401 `authenticate` deferred; registered after the rate limiter. */
export function refuseRejectedCredential(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const rejected = c.get("rejectedCredential");
    if (rejected) throw rejected;
    await next();
  };
}

function invalidCredential(fromCookie: boolean): UnauthorizedError {
  const error = new UnauthorizedError(
    "Credential is invalid, expired or revoked",
    'Bearer error="invalid_token"',
  );
  // HttpOnly: page script cannot remove a dead cookie, so the answer that rejects it does.
  if (fromCookie) error.headers["set-cookie"] = EXPIRED_SESSION_COOKIE;
  return error;
}

/**
 * The cookie lives as long as the session: when a use slides the session's expiry, so does it.
 * The `Set-Cookie` value when this use slides it, else undefined.
 */
function slidCookie(c: Context<AppEnv>, cookie: string, principal: Principal) {
  const now = c.get("deps").clock.now();
  if (principal.via !== "session" || !isTouchDue(principal, now)) return undefined;
  return sessionCookieValue(cookie, new Date(now + SESSION_TTL_MS));
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
