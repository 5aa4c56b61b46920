import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../../../auth/guards.ts";
import { AuthResultSchema } from "../../../schemas/account_schemas.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

export const logInRoute = createRoute({
  method: "post",
  operationId: "logIn",
  path: "/login",
  tags: ["Auth"],
  summary: "Sign in with email and password",
  description: "At most 5 failed attempts per account and 20 per address in 15 minutes, then 429.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({
            email: z.string().min(1).max(254),
            password: z.string().min(1).max(128),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Signed in",
      content: { "application/json": { schema: AuthResultSchema } },
    },
    ...problemResponses(401, 422, 429),
  },
});

export const logOutRoute = createRoute({
  method: "post",
  operationId: "logOut",
  path: "/logout",
  tags: ["Auth"],
  summary: "Revoke the current session everywhere",
  security: AUTHENTICATED,
  // API keys are revoked with DELETE /v1/me/api-keys/{id}; logout is for sessions.
  middleware: [requireSession()] as const,
  responses: {
    204: { description: "Signed out; the session cookie is cleared" },
    ...problemResponses(401, 403),
  },
});
