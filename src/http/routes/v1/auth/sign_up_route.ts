import { createRoute, z } from "@hono/zod-openapi";
import { AuthResultSchema, PasswordSchema } from "../../../schemas/account_schemas.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";

export const signUpRoute = createRoute({
  method: "post",
  operationId: "signUp",
  path: "/signup",
  tags: ["Auth"],
  summary: "Create an account and sign in",
  description: "Sends a welcome email with a verification link. Sets the session cookie.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({
            email: z.string().trim().max(254).pipe(z.email()),
            password: PasswordSchema,
            name: z.string().trim().min(1).max(100),
            role: z.enum(["creator", "investor"]),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: "Account created",
      content: { "application/json": { schema: AuthResultSchema } },
    },
    ...problemResponses(409, 422, 429),
  },
});
