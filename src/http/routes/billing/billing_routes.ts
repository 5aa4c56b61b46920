import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../../auth/guards.ts";
import { problemResponses } from "../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../schemas/security.ts";

const HostedPageSchema = z.object({
  url: z.string().openapi({ format: "uri", description: "Send the browser here" }),
}).openapi("HostedPage");

export const startCheckoutRoute = createRoute({
  method: "post",
  path: "/v1/billing/checkout",
  tags: ["Billing"],
  summary: "Start a subscription checkout",
  description: "Returns the hosted checkout page for `plan` billed every `interval`. The plan " +
    "takes effect when the provider's webhook confirms the payment. Already subscribed to that " +
    "plan: 409 (change or cancel it in the portal). Needs a signed-in session.",
  security: AUTHENTICATED,
  middleware: [requireSession()] as const,
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
  responses: {
    200: {
      description: "The checkout page",
      content: { "application/json": { schema: HostedPageSchema } },
    },
    ...problemResponses(401, 403, 409, 422),
  },
});

export const openPortalRoute = createRoute({
  method: "post",
  path: "/v1/billing/portal",
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

export const stripeWebhookRoute = createRoute({
  method: "post",
  path: "/webhooks/stripe",
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
