import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../../../auth/guards.ts";
import { idempotencyKey } from "../../../middleware/idempotency_key.ts";
import { idempotentOperation } from "../../../schemas/idempotency.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

const tags = ["Pitches"];
const params = z.object({ id: z.string().min(1).max(64) });

const BoostResultSchema = z.object({
  pitchId: z.string(),
  boostsRemaining: z.number().int(),
  resetsAt: z.iso.datetime(),
}).openapi("BoostResult");

const PitchAnalyticsSchema = z.object({
  pitchId: z.string(),
  viewCount: z.number().int(),
  saveCount: z.number().int(),
  daily: z.array(z.object({ date: z.iso.date(), views: z.number().int() })),
}).openapi("PitchAnalytics");

export const boostPitchRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  middleware: [requireAuth(), idempotencyKey()] as const,
  method: "post",
  operationId: "boostPitch",
  path: "/{id}/boost",
  summary: "Boost a listed pitch in trending (owner only, metered per day)",
  description: "Uses one of the plan's daily boosts (UTC day). Over the quota: 403 " +
    "`quota-exceeded` with `limit`, `used` and `resetsAt`. A pitch that is not published and " +
    "public is 409; others get 404 for pitches they cannot read and 403 for ones they can.",
  request: { params },
  parameters: idempotentOperation.parameters,
  responses: {
    200: {
      description: "Boosted",
      content: { "application/json": { schema: BoostResultSchema } },
    },
    ...problemResponses(401, 403, 404, 409, 422),
    ...idempotentOperation.responses,
  },
});

export const pitchAnalyticsRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  method: "get",
  operationId: "getPitchAnalytics",
  path: "/{id}/analytics",
  summary: "Daily views of the last 30 days and totals (owner only, `analytics` feature)",
  description: "A plan without analytics gets 403 `feature-not-in-plan`.",
  request: { params },
  responses: {
    200: {
      description: "The analytics",
      content: { "application/json": { schema: PitchAnalyticsSchema } },
    },
    ...problemResponses(401, 403, 404, 422),
  },
});
