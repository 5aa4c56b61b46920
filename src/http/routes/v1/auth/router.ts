import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { logIn } from "../../../../services/accounts/log_in.ts";
import { logOut } from "../../../../services/accounts/log_out.ts";
import { signUp } from "../../../../services/accounts/sign_up.ts";
import { clientIp } from "../../../auth/client_ip.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { clearSessionCookie, setSessionCookie } from "../../../auth/session_cookie.ts";
import { validationHook } from "../../../validation.ts";
import { logInRoute, logOutRoute } from "./log_in_route.ts";
import { recoveryRouter } from "./recovery_router.ts";
import { signUpRoute } from "./sign_up_route.ts";
import type { IssuedSession } from "../../../../services/accounts/create_session.ts";

/**
 * Sign-up, login and logout, plus email verification and password reset from `recovery_router`.
 */
export function authRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(signUpRoute, async (c) => {
    const result = await signUp({
      ctx: c.get("deps"),
      input: { ...c.req.valid("json"), userAgent: c.req.header("user-agent") },
    });
    setSessionCookie(c, result.session.token, result.session.expiresAt);
    return c.json({ user: result.user, session: sessionView(result.session) }, 201);
  });

  router.openapi(logInRoute, async (c) => {
    const result = await logIn({
      ctx: c.get("deps"),
      input: { ...c.req.valid("json"), ip: clientIp(c), userAgent: c.req.header("user-agent") },
    });
    setSessionCookie(c, result.session.token, result.session.expiresAt);
    return c.json({ user: result.user, session: sessionView(result.session) }, 200);
  });

  router.openapi(logOutRoute, async (c) => {
    await logOut({ ctx: c.get("deps"), input: { principal: requirePrincipal(c) } });
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  router.route("/", recoveryRouter());
  return router;
}

function sessionView(session: IssuedSession) {
  return { token: session.token, expiresAt: session.expiresAt.toISOString() };
}
