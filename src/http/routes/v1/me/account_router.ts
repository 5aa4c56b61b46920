import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { changePassword } from "../../../../services/accounts/change_password.ts";
import { deleteAccount } from "../../../../services/accounts/delete_account.ts";
import { getAccount } from "../../../../services/accounts/get_account.ts";
import { updateProfile } from "../../../../services/accounts/update_profile.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { clearSessionCookie, setSessionCookie } from "../../../auth/session_cookie.ts";
import { validationHook } from "../../../validation.ts";
import { changePasswordRoute, deleteMeRoute, getMeRoute, updateMeRoute } from "./account_routes.ts";

/** The caller's own account: read, change, change the password, delete. */
export function accountRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(getMeRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    return c.json(await getAccount({ ctx: c.get("deps"), input: { userId } }), 200);
  });

  router.openapi(updateMeRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const changes = c.req.valid("json");
    return c.json(await updateProfile({ ctx: c.get("deps"), input: { userId, changes } }), 200);
  });

  router.openapi(changePasswordRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    const { currentPassword, newPassword } = c.req.valid("json");
    const session = await changePassword({
      ctx: c.get("deps"),
      input: { userId, currentPassword, newPassword, userAgent: c.req.header("user-agent") },
    });
    setSessionCookie(c, session.token, session.expiresAt);
    return c.json({
      session: { token: session.token, expiresAt: session.expiresAt.toISOString() },
    }, 200);
  });

  router.openapi(deleteMeRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    await deleteAccount({ ctx: c.get("deps"), input: { userId } });
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  return router;
}
