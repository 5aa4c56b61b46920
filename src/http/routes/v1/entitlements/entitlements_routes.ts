import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../../../auth/guards.ts";
import { idempotencyKey } from "../../../middleware/idempotency_key.ts";
import { CheckRequestSchema, CheckResultSchema } from "../../../schemas/entitlement_schemas.ts";
import { idempotentOperation } from "../../../schemas/idempotency.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

export const checkEntitlementRoute = createRoute({
  tags: ["Plans"],
  security: AUTHENTICATED,
  // Only a consuming check spends anything; a plain check ignores the key.
  middleware: [requireAuth(), idempotencyKey({ appliesTo: consumes })] as const,
  method: "post",
  operationId: "checkEntitlement",
  path: "/check",
  summary: "Check a feature or quota, optionally consuming quota atomically",
  description: "A plan feature answers `allowed` with `remaining: null`. A quota metric answers " +
    "what is left this period; with `consume` it uses that much, all or nothing. `consume` on " +
    "anything but a quota metric is 422. Works with an API key (`write` scope to POST). " +
    "`Idempotency-Key` applies to consuming checks only.",
  request: {
    body: { required: true, content: { "application/json": { schema: CheckRequestSchema } } },
  },
  parameters: idempotentOperation.parameters,
  responses: {
    200: {
      description: "The answer",
      content: { "application/json": { schema: CheckResultSchema } },
    },
    ...problemResponses(401, 403, 422),
    ...idempotentOperation.responses,
  },
});

/** Whether a check body asks to use quota up (`consume` present), judged before validation. */
function consumes(body: unknown): boolean {
  return typeof body === "object" && body !== null && "consume" in body;
}
