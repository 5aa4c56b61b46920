import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../../../auth/guards.ts";
import { idempotencyKey } from "../../../middleware/idempotency_key.ts";
import { idempotentOperation } from "../../../schemas/idempotency.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

const HostedPageSchema = z.object({
  url: z.string().openapi({ format: "uri", description: "Send the browser here" }),
}).openapi("HostedPage");

export const startCheckoutRoute = createRoute({
  method: "post",
  path: "/checkout",
  tags: ["Billing"],
  summary: "Start a subscription checkout",
  description: "Returns the hosted checkout page for `plan` billed every `interval`. The plan " +
    "takes effect when the provider's webhook confirms the payment. Already subscribed to that " +
    "plan: 409 (change or cancel it in the portal). Needs a signed-in session.",
  security: AUTHENTICATED,
  middleware: [requireSession(), idempotencyKey()] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({
            plan: z.enum(["pro", "studio"]),
            interval: z.enum(["month", "year"]),
          }).openapi("CheckoutRequest"),
        },
      },
    },
  },
  parameters: idempotentOperation.parameters,
  responses: {
    200: {
      description: "The checkout page",
      content: { "application/json": { schema: HostedPageSchema } },
    },
    ...problemResponses(401, 403, 409, 422),
    ...idempotentOperation.responses,
  },
});

export const openPortalRoute = createRoute({
  method: "post",
  path: "/portal",
  tags: ["Billing"],
  summary: "Open the billing portal",
  description: "Returns the provider's page for changing the payment method, plan or canceling. " +
    "409 before any checkout. Needs a signed-in session.",
  security: AUTHENTICATED,
  middleware: [requireSession()] as const,
  responses: {
    200: {
      description: "The portal page",
      content: { "application/json": { schema: HostedPageSchema } },
    },
    ...problemResponses(401, 403, 409),
  },
});
