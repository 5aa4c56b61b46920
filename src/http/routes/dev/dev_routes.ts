import { createRoute, z } from "@hono/zod-openapi";
import { problemResponses } from "../../schemas/problem_schemas.ts";

export const devCheckoutRoute = createRoute({
  method: "get",
  operationId: "completeDevCheckout",
  path: "/checkout/{sessionId}",
  tags: ["Development"],
  summary: "Offline checkout: complete the upgrade (memory payments only)",
  description: "Where an offline checkout URL points. Visiting it pays: the events a provider " +
    "would send go through the webhook code path, then the browser is sent to the success URL. " +
    "404 with a real payment provider.",
  request: { params: z.object({ sessionId: z.string().min(1).max(200) }) },
  responses: {
    302: { description: "Upgraded; redirects to the checkout's success URL" },
    ...problemResponses(404),
  },
});

export const devPortalRoute = createRoute({
  method: "get",
  operationId: "getDevPortal",
  path: "/portal/{customerId}",
  tags: ["Development"],
  summary: "Offline billing portal (memory payments only)",
  description: "A placeholder for the provider's portal: names the customer and where to go " +
    "back to. 404 with a real payment provider or an unknown customer.",
  request: { params: z.object({ customerId: z.string().min(1).max(200) }) },
  responses: {
    200: {
      description: "The offline portal",
      content: {
        "application/json": {
          schema: z.object({ customerId: z.string(), message: z.string(), returnUrl: z.string() }),
        },
      },
    },
    ...problemResponses(404),
  },
});
