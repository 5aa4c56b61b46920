import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { findUser } from "../../../../services/admin/find_user.ts";
import { suspendUser } from "../../../../services/admin/suspend_user.ts";
import { unsuspendUser } from "../../../../services/admin/unsuspend_user.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { validationHook } from "../../../validation.ts";
import {
  findUserByEmailRoute,
  getUserRoute,
  suspendUserRoute,
  unsuspendUserRoute,
} from "./user_tool_routes.ts";

/** Finding and suspending users, mounted at `/v1/admin/users` (the app requires the admin role). */
export function userToolsRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Before `/{id}`, which would otherwise take "lookup" for an id.
  router.openapi(findUserByEmailRoute, async (c) => {
    const user = await findUser({ ctx: c.get("deps"), input: c.req.valid("query") });
    c.header("cache-control", "private, no-store");
    return c.json(user, 200);
  });
  router.openapi(getUserRoute, async (c) => {
    const user = await findUser({ ctx: c.get("deps"), input: c.req.valid("param") });
    c.header("cache-control", "private, no-store");
    return c.json(user, 200);
  });
  router.openapi(suspendUserRoute, async (c) => {
    const user = await suspendUser({
      ctx: c.get("deps"),
      input: {
        actorId: requirePrincipal(c).userId,
        userId: c.req.valid("param").id,
        reason: c.req.valid("json").reason,
      },
    });
    return c.json(user, 200);
  });
  router.openapi(unsuspendUserRoute, async (c) => {
    const user = await unsuspendUser({
      ctx: c.get("deps"),
      input: { actorId: requirePrincipal(c).userId, userId: c.req.valid("param").id },
    });
    return c.json(user, 200);
  });
  return router;
}
