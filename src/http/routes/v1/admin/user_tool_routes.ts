import { createRoute, z } from "@hono/zod-openapi";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";
import {
  AdminUserDetailSchema,
  AdminUserSchema,
  ReasonBodySchema,
  UserIdParams,
} from "./admin_user_schemas.ts";

const tags = ["Admin"];
const security = AUTHENTICATED;
const detail = {
  description: "The user, with the plan in force and the subscription",
  content: { "application/json": { schema: AdminUserDetailSchema } },
};
const updated = {
  description: "The user as now stored",
  content: { "application/json": { schema: AdminUserSchema } },
};

export const findUserByEmailRoute = createRoute({
  operationId: "findUserByEmail",
  tags,
  security,
  method: "get",
  path: "/lookup",
  summary: "Find a user by email (admins only)",
  description: "Exact match, case-insensitive. An unknown address is a 404.",
  request: { query: z.strictObject({ email: z.email().max(254) }) },
  responses: { 200: detail, ...problemResponses(401, 403, 404, 422) },
});

export const getUserRoute = createRoute({
  operationId: "getAdminUser",
  tags,
  security,
  method: "get",
  path: "/{id}",
  summary: "Get a user with plan and subscription state (admins only)",
  request: { params: UserIdParams },
  responses: { 200: detail, ...problemResponses(401, 403, 404, 422) },
});

export const suspendUserRoute = createRoute({
  operationId: "suspendUser",
  tags,
  security,
  method: "post",
  path: "/{id}/suspend",
  summary: "Suspend a user (admins only)",
  description: "From the next request none of the user's sessions or API keys authenticate " +
    "(other instances within about two seconds) and signing in answers 403 " +
    "`account-suspended`. Nothing is revoked: unsuspending restores them. An administrator " +
    "cannot suspend themselves (403); a suspended user is a 409.",
  request: {
    params: UserIdParams,
    body: { required: true, content: { "application/json": { schema: ReasonBodySchema } } },
  },
  responses: { 200: updated, ...problemResponses(401, 403, 404, 409, 422) },
});

export const unsuspendUserRoute = createRoute({
  operationId: "unsuspendUser",
  tags,
  security,
  method: "post",
  path: "/{id}/unsuspend",
  summary: "Lift a user's suspension (admins only)",
  description: "The user's unrevoked sessions and keys work again. A user who is not " +
    "suspended is a 409.",
  request: { params: UserIdParams },
  responses: { 200: updated, ...problemResponses(401, 403, 404, 409, 422) },
});
