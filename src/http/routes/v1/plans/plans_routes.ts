import { createRoute, z } from "@hono/zod-openapi";
import { PlanListSchema } from "../../../schemas/entitlement_schemas.ts";

const etagHeader = { ETag: { schema: { type: "string" as const }, description: "Strong ETag" } };

export const listPlansRoute = createRoute({
  tags: ["Plans"],
  security: [{}],
  method: "get",
  operationId: "listPlans",
  path: "/",
  summary: "The plans with their features, limits and prices",
  description: "Public and cacheable for an hour. Send `If-None-Match` to revalidate (304).",
  request: { headers: z.object({ "if-none-match": z.string().optional() }) },
  responses: {
    200: {
      description: "Every plan, free first",
      headers: etagHeader,
      content: { "application/json": { schema: PlanListSchema } },
    },
    304: { description: "Not modified", headers: etagHeader },
  },
});
