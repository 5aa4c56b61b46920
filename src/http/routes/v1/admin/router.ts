import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { changeUserRole } from "../../../../services/admin/change_user_role.ts";
import { listUsers } from "../../../../services/admin/list_users.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";
import { validationHook } from "../../../validation.ts";
import { AdminUserSchema as AdminUser, RoleSchema as Role } from "./admin_user_schemas.ts";
import { failedJobsRouter } from "./failed_jobs_router.ts";
import { pitchToolsRouter } from "./pitch_tools_router.ts";
import { userToolsRouter } from "./user_tools_router.ts";

const security = AUTHENTICATED;

const listUsersRoute = createRoute({
  method: "get",
  operationId: "listUsers",
  path: "/users",
  tags: ["Admin"],
  summary: "List users, newest first (admins only)",
  security,
  request: {
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(512).optional(),
      role: Role.optional(),
      q: z.string().trim().min(1).max(100).optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of users",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(AdminUser), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 422),
  },
});

const changeRoleRoute = createRoute({
  method: "patch",
  operationId: "changeUserRole",
  path: "/users/{id}",
  tags: ["Admin"],
  summary: "Change a user's role (admins only)",
  security,
  request: {
    params: z.object({ id: z.string().min(1).max(64) }),
    body: {
      required: true,
      content: { "application/json": { schema: z.strictObject({ role: Role }) } },
    },
  },
  responses: {
    200: {
      description: "The updated user",
      content: { "application/json": { schema: AdminUser } },
    },
    ...problemResponses(401, 403, 404, 422),
  },
});

/** Administration. The app guards all of `/v1/admin/*` with the admin role before these run. */
export function adminRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  router.openapi(listUsersRoute, async (c) => {
    return c.json(await listUsers({ ctx: c.get("deps"), input: c.req.valid("query") }), 200);
  });
  router.openapi(changeRoleRoute, async (c) => {
    const user = await changeUserRole({
      ctx: c.get("deps"),
      input: {
        actorId: requirePrincipal(c).userId,
        userId: c.req.valid("param").id,
        role: c.req.valid("json").role,
      },
    });
    return c.json(user, 200);
  });
  router.route("/users", userToolsRouter());
  router.route("/pitches", pitchToolsRouter());
  router.route("/jobs/failed", failedJobsRouter());
  return router;
}
