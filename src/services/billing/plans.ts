/**
 * The plans, as pure data: what each includes and allows. Limits of `null` are unlimited. Stripe
 * price ids come from the environment (`Config.prices`); amounts here are for display only, the
 * provider's price is what is charged.
 */
export const PLAN_IDS = ["free", "pro", "studio"] as const;
export type PlanId = (typeof PLAN_IDS)[number];
export type PaidPlanId = Exclude<PlanId, "free">;
export type BillingInterval = "month" | "year";

export interface PlanFeatures {
  analytics: boolean;
  teamFeatures: boolean;
}

export interface PlanLimits {
  /** Pitches published at the same time. */
  publishedPitches: number | null;
  /** Full-pitch views by an investor per calendar month (UTC). */
  monthlyPitchViews: number | null;
  /** Report exports per calendar month (UTC). */
  monthlyExports: number | null;
  /** API requests per minute (sliding window). */
  apiRequestsPerMinute: number;
  /** Boosts per day (UTC). */
  dailyBoosts: number;
}

export interface PlanDefinition {
  id: PlanId;
  name: string;
  features: PlanFeatures;
  limits: PlanLimits;
  /** Display prices in US cents; null for the free plan. */
  amounts: Record<BillingInterval, number> | null;
}

export const PLANS: Readonly<Record<PlanId, PlanDefinition>> = {
  free: {
    id: "free",
    name: "Free",
    features: { analytics: false, teamFeatures: false },
    limits: {
      publishedPitches: 3,
      monthlyPitchViews: 10,
      monthlyExports: 1,
      apiRequestsPerMinute: 60,
      dailyBoosts: 10,
    },
    amounts: null,
  },
  pro: {
    id: "pro",
    name: "Pro",
    features: { analytics: true, teamFeatures: false },
    limits: {
      publishedPitches: 50,
      monthlyPitchViews: null,
      monthlyExports: 20,
      apiRequestsPerMinute: 600,
      dailyBoosts: 100,
    },
    amounts: { month: 1_900, year: 19_000 },
  },
  studio: {
    id: "studio",
    name: "Studio",
    features: { analytics: true, teamFeatures: true },
    limits: {
      publishedPitches: null,
      monthlyPitchViews: null,
      monthlyExports: null,
      apiRequestsPerMinute: 3_000,
      dailyBoosts: 1_000,
    },
    amounts: { month: 7_900, year: 79_000 },
  },
};

/** Metered quotas: each is a counter per user and period. */
export const QUOTA_METRICS = {
  "pitch-views": { limit: "monthlyPitchViews", period: "month" },
  "exports": { limit: "monthlyExports", period: "month" },
  "boosts": { limit: "dailyBoosts", period: "day" },
} as const satisfies Record<string, { limit: keyof PlanLimits; period: "day" | "month" }>;
export type QuotaMetric = keyof typeof QUOTA_METRICS;
