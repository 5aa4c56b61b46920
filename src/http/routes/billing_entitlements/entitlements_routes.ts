import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/guards.ts";
import {
  CheckRequestSchema,
  CheckResultSchema,
  MyEntitlementsSchema,
  PlanListSchema,
} from "../../schemas/entitlement_schemas.ts";
import { problemResponses } from "../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../schemas/security.ts";

const tags = ["Plans"];
const etagHeader = { ETag: { schema: { type: "string" as const }, description: "Strong ETag" } };

export const listPlansRoute = createRoute({
  tags,
  security: [{}],
  method: "get",
  path: "/v1/plans",
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

export const getMyEntitlementsRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  method: "get",
  path: "/v1/me/entitlements",
  summary: "The caller's plan in force, its features and limits, and usage this period",
  description: "Always answers: when the database is unreachable, the last known entitlements " +
    '(or the free plan, status "unknown") with `used: null`.',
  responses: {
    200: {
      description: "The entitlements",
      content: { "application/json": { schema: MyEntitlementsSchema } },
    },
    ...problemResponses(401),
  },
});

export const checkEntitlementRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  method: "post",
  path: "/v1/entitlements/check",
  summary: "Check a feature or quota, optionally consuming quota atomically",
  description: "A plan feature answers `allowed` with `remaining: null`. A quota metric answers " +
    "what is left this period; with `consume` it uses that much, all or nothing. `consume` on " +
    "anything but a quota metric is 422. Works with an API key (`write` scope to POST).",
  request: {
    body: { required: true, content: { "application/json": { schema: CheckRequestSchema } } },
  },
  responses: {
    200: {
      description: "The answer",
      content: { "application/json": { schema: CheckResultSchema } },
    },
    ...problemResponses(401, 403, 422),
  },
});
