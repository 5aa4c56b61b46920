import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../../../auth/guards.ts";
import { idempotencyKey } from "../../../middleware/idempotency_key.ts";
import { idempotentOperation } from "../../../schemas/idempotency.ts";
import { problemRef, problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

const HostedPageSchema = z.object({
  url: z.string().openapi({ format: "uri", description: "Send the browser here" }),
}).openapi("HostedPage");

const PlanChoiceFields = {
  plan: z.enum(["pro", "studio"]),
  interval: z.enum(["month", "year"]),
};

export const startCheckoutRoute = createRoute({
  method: "post",
  operationId: "startCheckout",
  path: "/checkout",
  tags: ["Billing"],
  summary: "Start a subscription checkout",
  description: "Returns the hosted checkout page for `plan` billed every `interval`. The plan " +
    "takes effect when the provider's webhook confirms the payment. A user with a live " +
    "subscription (active, trialing or past due) gets 409 whatever the plan, with a " +
    "`changePlan` member naming `POST /v1/billing/change-plan`: a second checkout would bill " +
    "two subscriptions. Needs a signed-in session.",
  security: AUTHENTICATED,
  middleware: [requireSession(), idempotencyKey()] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject(PlanChoiceFields).openapi("CheckoutRequest"),
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
  operationId: "openBillingPortal",
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

const PlanChangeSchema = z.object({
  status: z.enum(["pending", "unchanged"]).openapi({
    description: "`pending`: the provider moved the subscription to the new price; the plan " +
      "in force (`GET /v1/me/entitlements`) follows when its webhook arrives. `unchanged`: the " +
      "subscription was already on that price",
  }),
  ...PlanChoiceFields,
}).openapi("PlanChange");

export const changePlanRoute = createRoute({
  method: "post",
  operationId: "changePlan",
  path: "/change-plan",
  tags: ["Billing"],
  summary: "Change the plan of the live subscription",
  description: "Moves the caller's live subscription to `plan` billed every `interval`: the " +
    "same subscription, updated at the provider with proration (the unused time of the old " +
    "price is credited, the new one charged pro rata on the next invoice; a change of interval " +
    "is invoiced at once). 202 when the provider has changed it: the plan in force follows the " +
    "provider's webhook, usually within seconds. 200 when it was already on that price. 409 " +
    "without a live subscription (start a checkout) or while past due (settle it in the " +
    "portal). Repeating a request is safe. Needs a signed-in session.",
  security: AUTHENTICATED,
  middleware: [requireSession()] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject(PlanChoiceFields).openapi("PlanChangeRequest"),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Already on that plan and interval",
      content: { "application/json": { schema: PlanChangeSchema } },
    },
    202: {
      description: "Changed at the provider; applied here when its webhook arrives",
      content: { "application/json": { schema: PlanChangeSchema } },
    },
    ...problemResponses(401, 403, 409, 422),
    503: problemRef(503, "The payment provider did not answer; retry after `Retry-After`"),
  },
});
