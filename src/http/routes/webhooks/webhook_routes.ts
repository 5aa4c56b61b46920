import { createRoute, z } from "@hono/zod-openapi";
import { problemResponses } from "../../schemas/problem_schemas.ts";

export const stripeWebhookRoute = createRoute({
  method: "post",
  operationId: "receiveStripeWebhook",
  path: "/stripe",
  tags: ["Internal"],
  summary: "Payment provider webhooks (signed with `Stripe-Signature`)",
  description: "The raw body is verified before it is read: a bad signature, or a timestamp more " +
    "than 300 s old or ahead, is a 400. 200 only once the change is committed; a redelivered " +
    "event answers 200 with `duplicate: true` and changes nothing.",
  request: {
    headers: z.object({ "stripe-signature": z.string().max(4096).optional() }),
  },
  responses: {
    200: {
      description: "Applied, or acknowledged as already applied",
      content: {
        "application/json": {
          schema: z.object({ received: z.literal(true), duplicate: z.boolean() }),
        },
      },
    },
    ...problemResponses(400),
  },
});
