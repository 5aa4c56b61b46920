import { z } from "@hono/zod-openapi";
import { CHECKABLE, PLAN_FEATURES } from "../../services/billing/check_entitlement.ts";
import { PLAN_IDS, QUOTA_METRICS } from "../../services/billing/plans.ts";

const FeaturesSchema = z.object({ analytics: z.boolean(), teamFeatures: z.boolean() })
  .openapi("PlanFeatures");

const LimitsSchema = z.object({
  publishedPitches: z.number().int().nullable(),
  monthlyPitchViews: z.number().int().nullable(),
  monthlyExports: z.number().int().nullable(),
  apiRequestsPerMinute: z.number().int(),
  dailyBoosts: z.number().int(),
}).openapi("PlanLimits", { description: "`null` is unlimited" });

const PriceSchema = z.object({
  amount: z.number().int().openapi({ description: "US cents, for display" }),
  currency: z.literal("usd"),
  priceId: z.string().openapi({ description: "The payment provider's price id, for checkout" }),
});

export const PlanSchema = z.object({
  id: z.enum(PLAN_IDS),
  name: z.string(),
  features: FeaturesSchema,
  limits: LimitsSchema,
  prices: z.object({ month: PriceSchema, year: PriceSchema }).nullable(),
}).openapi("Plan");

export const PlanListSchema = z.object({ items: z.array(PlanSchema) }).openapi("PlanList");

const UsageSchema = z.object({
  used: z.number().int().nullable().openapi({ description: "null when usage could not be read" }),
  limit: z.number().int().nullable(),
  resetsAt: z.iso.datetime().nullable(),
});

export const MyEntitlementsSchema = z.object({
  plan: z.enum(PLAN_IDS),
  status: z.string().openapi({ description: '"free", the provider status, or "unknown"' }),
  features: FeaturesSchema,
  limits: LimitsSchema,
  graceUntil: z.iso.datetime().nullable(),
  usage: z.record(z.enum([...Object.keys(QUOTA_METRICS), "published-pitches"]), UsageSchema),
}).openapi("Entitlements");

const BOOLEAN_FEATURES = new Set<string>(PLAN_FEATURES);
const POSITIVE_INTEGER = "Expected a positive integer (units to use up)";

export const CheckRequestSchema = z.strictObject({
  feature: z.enum(CHECKABLE),
  consume: z.number({ error: POSITIVE_INTEGER }).int({ error: POSITIVE_INTEGER })
    .min(1, { error: POSITIVE_INTEGER }).max(1000).optional().openapi({
      description: "Units of a metered quota to use up atomically; only for quota metrics",
    }),
}).superRefine((body, check) => {
  if (body.consume === undefined) return;
  if (BOOLEAN_FEATURES.has(body.feature) || body.feature === "published-pitches") {
    check.addIssue({
      code: "custom",
      path: ["consume"],
      message: `"${body.feature}" is not a metered quota; only quotas can be consumed`,
    });
  }
}).openapi("EntitlementCheck");

export const CheckResultSchema = z.object({
  feature: z.enum(CHECKABLE),
  allowed: z.boolean(),
  remaining: z.number().int().nullable(),
  resetsAt: z.iso.datetime().nullable(),
}).openapi("EntitlementCheckResult");
